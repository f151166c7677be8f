using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Release0.Functions.Tests;

/// <summary>Every line the app logs, with its category and level, as the host's log stream would show them.</summary>
internal sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Text)> All => _lines.ToArray();

    public IEnumerable<string> At(LogLevel level) => _lines.Where(l => l.Level == level).Select(l => l.Text);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger : ILogger
    {
        private readonly LogLines _owner;
        private readonly string _category;

        public Logger(LogLines owner, string category)
        {
            _owner = owner;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _owner._lines.Enqueue((_category, logLevel, formatter(state, exception)));
    }
}
