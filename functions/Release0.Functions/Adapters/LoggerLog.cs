using Microsoft.Extensions.Logging;
using Release0.Core.Http;

namespace Release0.Functions.Adapters;

/// <summary>The core's log lines (already redacted) into the Functions logger.</summary>
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
        Release0LogLevel.Debug => LogLevel.Debug,
        Release0LogLevel.Verbose => LogLevel.Information,
        _ => LogLevel.Warning,
    };
}
