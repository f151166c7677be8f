using System.Text;

namespace Release0.Cli;

/// <summary>
/// One line at the bottom of a terminal, rewritten in place. Whatever else is written to the
/// terminal (through <see cref="Wrap"/>) first clears it, so results and errors never land mid-line.
/// </summary>
internal sealed class StatusLine
{
    private const string Clear = "\r\u001b[K";
    private readonly TextWriter _terminal;
    private readonly object _gate = new();
    private bool _shown;

    public StatusLine(TextWriter terminal)
    {
        _terminal = terminal;
    }

    public void Show(string text)
    {
        lock (_gate)
        {
            _terminal.Write(Clear + Output.TerminalText.Escape(text));
            _terminal.Flush();
            _shown = true;
        }
    }

    /// <summary>A writer to the same terminal that clears the status line before writing.</summary>
    public TextWriter Wrap(TextWriter inner) => new ClearingWriter(this, inner);

    private void ClearIfShown()
    {
        lock (_gate)
        {
            if (_shown)
            {
                _terminal.Write(Clear);
                _shown = false;
            }
        }
    }

    private sealed class ClearingWriter : TextWriter
    {
        private readonly StatusLine _line;
        private readonly TextWriter _inner;

        public ClearingWriter(StatusLine line, TextWriter inner)
        {
            _line = line;
            _inner = inner;
        }

        public override Encoding Encoding => _inner.Encoding;

        public override void Write(char value)
        {
            _line.ClearIfShown();
            _inner.Write(value);
        }

        public override void Write(string? value)
        {
            _line.ClearIfShown();
            _inner.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            _line.ClearIfShown();
            _inner.Write(buffer, index, count);
        }

        public override void WriteLine(string? value)
        {
            _line.ClearIfShown();
            _inner.WriteLine(value);
        }

        public override void Flush() => _inner.Flush();

        public override Task FlushAsync() => _inner.FlushAsync();
    }
}
