using Release0.Sandbox;

namespace Release0.Cli.Tests;

/// <summary>What one in-process run of <c>release0</c> printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the CLI in-process against a sandbox, with an environment of the test's choosing.</summary>
internal static class CliRun
{
    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, TextReader? terminal, params string[] args) =>
        RunAsync(environment, terminal, CancellationToken.None, args);

    /// <param name="interrupt">Cancelled where Ctrl+C would be pressed.</param>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, TextReader? terminal, CancellationToken interrupt, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(TextWriter.Synchronized(output), TextWriter.Synchronized(error), terminal, name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);
        var code = await new CliApp(context).RunAsync(args, interrupt);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>The environment a user of this sandbox would export (and a poll history of the test's own).</summary>
    public static Dictionary<string, string> EnvironmentFor(SandboxServer server) => new()
    {
        ["RELEASE0_BASE_URI"] = server.BaseUri.ToString(),
        ["RELEASE0_API_TOKEN"] = server.Token,
        ["RELEASE0_POLL_HISTORY"] = Path.Combine(Path.GetTempPath(), $"release0-cli-tests-{Guid.NewGuid():N}.json"),
    };
}
