using Microsoft.Extensions.Logging;

namespace Release0.Functions.Hosting;

/// <summary>
/// What the app must tell an operator at startup, each on one line, to the worker's logger (telemetry) and to
/// stderr. The host drops worker logs written outside an invocation, but shows the worker's stderr in its own
/// log (a line containing "warn" as a warning), so stderr is the only way such a line reaches the log stream.
/// </summary>
public sealed class StartupWarnings
{
    private readonly ILogger<StartupWarnings> _logger;
    private readonly TextWriter _stderr;

    public StartupWarnings(ILogger<StartupWarnings> logger, TextWriter stderr)
    {
        _logger = logger;
        _stderr = stderr;
    }

    /// <summary>One warning; a message over several lines (a storage error's) is joined into one.</summary>
    public void Write(string message)
    {
        var line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        _logger.LogWarning("{Warning}", line);
        _stderr.WriteLine($"warning: {line}");
        _stderr.Flush();
    }
}
