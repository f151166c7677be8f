using Release0.Core.Connection;
using Release0.Core.Http;

namespace Release0.Cli;

/// <summary>
/// What a command runs with: where output goes, where answers come from, and the environment.
/// Tests substitute all of them; <see cref="Program"/> passes the real console.
/// </summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, TextReader? interactiveInput, Func<string, string?> getVariable)
    {
        Output = output;
        Error = error;
        InteractiveInput = interactiveInput;
        GetVariable = getVariable;
    }

    public TextWriter Output { get; }

    /// <summary>Progress, prompts, verbose lines and errors: never mixed into results.</summary>
    public TextWriter Error { get; }

    /// <summary>A person at a terminal to ask, or null when running unattended.</summary>
    public TextReader? InteractiveInput { get; }

    public Func<string, string?> GetVariable { get; }

    /// <summary>Writes verbose lines to stderr when --verbose is given.</summary>
    public IRelease0Log Log(bool verbose) => new StderrLog(Error, verbose);

    private sealed class StderrLog : IRelease0Log
    {
        private readonly TextWriter _error;
        private readonly bool _verbose;

        public StderrLog(TextWriter error, bool verbose)
        {
            _error = error;
            _verbose = verbose;
        }

        public bool IsEnabled(Release0LogLevel level) => level == Release0LogLevel.Warning || (_verbose && level == Release0LogLevel.Verbose);

        public void Write(Release0LogLevel level, string message)
        {
            if (IsEnabled(level))
            {
                _error.WriteLine($"{(level == Release0LogLevel.Warning ? "warning" : "verbose")}: {message}");
            }
        }
    }
}
