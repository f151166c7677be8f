using Release0.Cli.Output;
using Release0.Core.Http;

namespace Release0.Cli;

/// <summary>
/// What a command runs with: where output goes, where answers come from, and the environment.
/// Tests substitute all of them; <see cref="Program"/> passes the real console.
/// </summary>
internal sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, TextReader? interactiveInput, Func<string, string?> getVariable, StatusLine? statusLine = null)
    {
        // Everything a command prints passes the terminal escaping, in one place.
        Output = TerminalText.Guard(output);
        Error = TerminalText.Guard(error);
        InteractiveInput = interactiveInput;
        GetVariable = getVariable;
        StatusLine = statusLine;
    }

    public TextWriter Output { get; }

    /// <summary>Progress, prompts, verbose lines and errors: never mixed into results.</summary>
    public TextWriter Error { get; }

    /// <summary>A person at a terminal to ask, or null when running unattended.</summary>
    public TextReader? InteractiveInput { get; }

    public Func<string, string?> GetVariable { get; }

    /// <summary>The line updated in place on a terminal; null when stderr is a file or a pipe (plain lines then).</summary>
    public StatusLine? StatusLine { get; }

    /// <summary>Writes verbose lines to stderr when --verbose is given.</summary>
    public IRelease0Log Log(bool verbose) => new StderrLog(Error, verbose);

    /// <summary>Shows waits on stderr (unless --quiet): every poll interval, and other waits long enough to notice (<see cref="Release0Wait.IsNoticeable"/>).</summary>
    public IRelease0WaitObserver? Waits(bool quiet) => quiet ? null : new WaitProgress(this);

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
