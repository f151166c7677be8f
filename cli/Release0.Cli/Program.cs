using Release0.Cli;

// A person at a terminal can be asked for answers; a script or a pipe cannot.
var interactive = Console.IsInputRedirected ? null : Console.In;
var context = new CliContext(Console.Out, Console.Error, interactive, Environment.GetEnvironmentVariable);
return await new CliApp(context).RunAsync(args);
