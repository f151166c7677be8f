using Microsoft.Extensions.Logging;
using Release0.Core.Http;

namespace Release0.Functions.Adapters;

/// <summary>
/// The core's log lines (already redacted) into the Functions logger, each level to its own:
/// Warning stays Warning, Verbose (every HTTP call) is Debug and Debug (bodies) is Trace, so the
/// host's default Information level shows neither until a user turns them on in host.json.
/// </summary>
public sealed class LoggerLog : IRelease0Log
{
    private readonly ILogger _logger;

    public LoggerLog(ILogger<LoggerLog> logger)
    {
        _logger = logger;
    }

    public bool IsEnabled(Release0LogLevel level) => _logger.IsEnabled(ToLogLevel(level));

    public void Write(Release0LogLevel level, string message) => _logger.Log(ToLogLevel(level), "{Message}", message);

    private static LogLevel ToLogLevel(Release0LogLevel level) => level switch
    {
        Release0LogLevel.Debug => LogLevel.Trace,
        Release0LogLevel.Verbose => LogLevel.Debug,
        Release0LogLevel.Warning => LogLevel.Warning,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "A Release0 log level without a Functions log level."),
    };
}
