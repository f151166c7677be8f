using System.CommandLine;
using Release0.Core.Connection;
using Release0.Sandbox;

namespace Release0.Cli.Commands;

/// <summary><c>release0 sandbox</c>: the local stand-in for the platform, until Ctrl+C.</summary>
internal static class SandboxCommand
{
    private const string FaultHelp =
        "Inject a fault: KIND[=ARG][*COUNT][@PATH] (repeatable). KIND and what ARG means: " +
        "429 (Retry-After seconds, default 1), 429-reset (X-RateLimit-Reset seconds from now, default 1), 429-far (an X-RateLimit-Reset no date can hold), 429-held (Retry-After 60 once ARG batch-held submits wait), " +
        "500, 502 (HTML page), 503 (Retry-After seconds, default 1), 503-bare (no Retry-After), 504 (empty body), leak (a 500 whose body echoes the token), " +
        "drop (connection closed, no answer), slow (the real answer after ARG milliseconds, default 2000), html200 (200 with an HTML page). " +
        "COUNT: how many requests it hits (default 1); PATH: only requests whose path starts with it. Example: 429=2*3@/api/v1/sessions";

    public const string Description = "Run a local platform stand-in with scripted agents, for offline scripting and tests";

    public static Command Create(CliApp app)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1, 1 to 65535 (default: a free one)" };
        var token = new Option<string>("--token") { Description = "Token the sandbox accepts", DefaultValueFactory = _ => SandboxOptions.DefaultToken };
        var faults = new Option<string[]>("--fault") { Description = FaultHelp };
        var shape = new Option<ErrorShape>("--error-shape") { Description = "Error body shape: Trpc (Release0) or Orpc (current Typebot)", DefaultValueFactory = _ => ErrorShape.Trpc };
        var verbose = new Option<bool>("--verbose") { Description = "Log each request on stderr: method, path, status, time" };
        var maxRetained = new Option<int>("--max-retained") { Description = "Sessions, batch jobs, conversations and logged requests kept in memory, each; the oldest are forgotten first (and then answer 404)", DefaultValueFactory = _ => new SandboxOptions().MaxRetained };
        var rateLimit = new Option<string?>("--rate-limit") { Description = "Calls per second all API routes share, like a platform's per-token limit; past it, 429 with Retry-After (e.g. 20/s)" };
        var command = new Command(SandboxExecutable.SandboxCommandName, Description) { port, token, faults, shape, verbose, maxRetained, rateLimit };
        app.Examples(command, "release0 sandbox --port 5080 --fault '503*2@/api/v1/chat/batch-message'", "release0 sandbox --verbose --max-retained 1000", "release0 sandbox --rate-limit 20/s");
        WholeNumberOptions.Accept(port, 0, 65535, typed => $"--port {typed} is not a port; give 1 to 65535, or leave it out for a free one");
        WholeNumberOptions.Accept(maxRetained, 1, int.MaxValue, typed => $"--max-retained '{typed}' is not a whole number of at least 1");
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            var error = app.Context.Error;
            var options = new SandboxOptions
            {
                Port = parse.GetValue(port),
                Token = parse.GetValue(token)!,
                ErrorShape = parse.GetValue(shape),
                MaxRetained = parse.GetValue(maxRetained),
                RequestLog = parse.GetValue(verbose) ? line => error.WriteLine(line) : null,
            };
            if (parse.GetValue(rateLimit) is { } limit)
            {
                try
                {
                    options.RateLimit = Sandbox.Faults.PlatformRateLimit.Parse(limit);
                }
                catch (FormatException ex)
                {
                    throw new CliInputException("--rate-limit: " + ex.Message);
                }
            }

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

            SandboxServer server;
            try
            {
                server = await SandboxServer.StartAsync(options, cancel);
            }
            catch (IOException) when (options.Port != 0)
            {
                throw new CliInputException($"Port {options.Port} on 127.0.0.1 is in use; choose another --port, or leave it out to get a free one.");
            }

            await using (server)
            {
                var output = app.Context.Output;
                await output.WriteLineAsync($"Sandbox listening on {server.BaseUri}");
                await output.WriteLineAsync($"  export {Release0ConnectionOptions.BaseUriVariable}={server.BaseUri}");
                await output.WriteLineAsync($"  export {Release0ConnectionOptions.TokenVariable}={server.Token}");
                await output.WriteLineAsync("Chat agents: lead-form, showcase, inputs, echo, announcement, odd-waits, endless (preview ids: agent-<id>).");
                await output.WriteLineAsync("Slug agents: echo, slow-stream, gated-stream, cut-stream, error-stream, rate-limited, long-stream.");
                await output.WriteLineAsync("Batch agents: batch-echo, batch-after-<ms>, batch-polls-<n>, batch-fail, batch-vanish, batch-never, batch-held (answered after POST /_sandbox/submits/open). Ctrl+C stops.");
                await output.FlushAsync(cancel);

                // Serves until Ctrl+C, which ends it like any command: exit 130, one line.
                await Task.Delay(Timeout.Infinite, cancel);
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
