using System.CommandLine;
using Release0.Core.Connection;
using Release0.Sandbox;

namespace Release0.Cli.Commands;

/// <summary><c>release0 sandbox</c>: the local stand-in for the platform, until Ctrl+C.</summary>
internal static class SandboxCommand
{
    public static Command Create(CliApp app)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default: a free one)" };
        var token = new Option<string>("--token") { Description = "Token the sandbox accepts", DefaultValueFactory = _ => SandboxOptions.DefaultToken };
        var faults = new Option<string[]>("--fault") { Description = "Inject a fault: KIND[=ARG][*COUNT][@PATH], KIND one of 429, 429-reset, 500, leak, 502, 503, 504, drop, slow, html200 (repeatable)" };
        var shape = new Option<ErrorShape>("--error-shape") { Description = "Error body shape: Trpc (Release0) or Orpc (current Typebot)", DefaultValueFactory = _ => ErrorShape.Trpc };
        var command = new Command("sandbox", "Run a local platform stand-in with scripted agents, for offline scripting and tests") { port, token, faults, shape };

        // The sandbox's own token shadows the global --token here: it is what the server accepts.
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            var options = new SandboxOptions { Port = parse.GetValue(port), Token = parse.GetValue(token)!, ErrorShape = parse.GetValue(shape) };
            foreach (var spec in parse.GetValue(faults) ?? [])
            {
                try
                {
                    Sandbox.Faults.FaultRule.Parse(spec);
                }
                catch (FormatException ex)
                {
                    throw new CliInputException(ex.Message);
                }

                options.Faults.Add(spec);
            }

            await using var server = await SandboxServer.StartAsync(options, cancel);
            var output = app.Context.Output;
            await output.WriteLineAsync($"Sandbox listening on {server.BaseUri}");
            await output.WriteLineAsync($"  export {Release0ConnectionOptions.BaseUriVariable}={server.BaseUri}");
            await output.WriteLineAsync($"  export {Release0ConnectionOptions.TokenVariable}={server.Token}");
            await output.WriteLineAsync("Chat agents: lead-form, showcase, inputs, echo, announcement (preview ids: agent-<id>).");
            await output.WriteLineAsync("Slug agents: echo, slow-stream, gated-stream, cut-stream, error-stream, rate-limited, long-stream.");
            await output.WriteLineAsync("Batch agents: batch-echo, batch-after-<ms>, batch-polls-<n>, batch-fail, batch-vanish, batch-never. Ctrl+C stops.");
            await output.FlushAsync(cancel);
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
