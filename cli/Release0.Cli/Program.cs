using System.Runtime.InteropServices;
using Release0.Cli;

// The native release0 has no sandbox in it: those commands run in release0-sandbox, before anything here touches the console.
if (!SandboxExecutable.IsEmbedded && SandboxExecutable.IsNeededFor(args))
{
    return SandboxExecutable.Run(args, Console.Error);
}

// Ctrl+C (and SIGTERM) cancel the running command, which then exits 130 with one line saying what
// was left running; a second Ctrl+C ends the process at once, for a command that does not stop.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupt.IsCancellationRequested;
    interrupt.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    interrupt.Cancel();
});

// Results are UTF-8 as they are (--json escapes only what JSON requires), whatever the platform's default.
Console.OutputEncoding = System.Text.Encoding.UTF8;

// A person at a terminal can be asked for answers; a script or a pipe cannot.
var interactive = Console.IsInputRedirected ? null : Console.In;
var status = Console.IsErrorRedirected ? null : new StatusLine(Console.Error);
var output = status is not null && !Console.IsOutputRedirected ? status.Wrap(Console.Out) : Console.Out;
var error = status is not null ? status.Wrap(Console.Error) : Console.Error;
var context = new CliContext(output, error, interactive, Environment.GetEnvironmentVariable, status);
return await new CliApp(context).RunAsync(args, interrupt.Token);
