using System.Text;

namespace Release0.Cli.Output;

/// <summary>
/// The one place text reaches the terminal: control characters in it (C0 but line feed and tab,
/// DEL, C1, so escape sequences, screen clears and a bare carriage return) are written as visible
/// escapes such as <c>\x1B</c>, so text a server sent cannot move the cursor, rewrite a line or
/// split one that scripts parse. A carriage return before a line feed is dropped. JSON output,
/// whose encoder escapes all of these already, passes unchanged.
/// </summary>
internal sealed class TerminalText : TextWriter
{
    private readonly TextWriter _inner;

    private TerminalText(TextWriter inner)
    {
        _inner = inner;
    }

    public override Encoding Encoding => _inner.Encoding;

    /// <summary>A writer that escapes what it passes on; the same writer when it escapes already.</summary>
    public static TextWriter Guard(TextWriter inner) => inner as TerminalText ?? new TerminalText(inner);

    /// <summary>The text with its control characters made visible.</summary>
    public static string Escape(string text)
    {
        var at = 0;
        while (at < text.Length && !NeedsEscape(text, at))
        {
            at++;
        }

        if (at == text.Length)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, at);
        for (; at < text.Length; at++)
        {
            var c = text[at];
            if (!NeedsEscape(text, at))
            {
                escaped.Append(c);
            }
            else if (c != '\r' || at + 1 >= text.Length || text[at + 1] != '\n')
            {
                escaped.Append(c == '\r' ? "\\r" : $"\\x{(int)c:X2}");
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// An id a server sent, for a line scripts parse: a line feed or tab in it is escaped too, so it
    /// stays one word on one line.
    /// </summary>
    public static string Id(string id) => Escape(id).Replace("\n", "\\x0A").Replace("\t", "\\x09");

    public override void Write(char value) => _inner.Write(Escape(value.ToString()));

    public override void Write(string? value) => _inner.Write(value is null ? null : Escape(value));

    public override void Write(char[] buffer, int index, int count) => _inner.Write(Escape(new string(buffer, index, count)));

    public override void WriteLine() => _inner.WriteLine();

    public override void WriteLine(string? value) => _inner.WriteLine(value is null ? null : Escape(value));

    public override Task WriteAsync(char value) => _inner.WriteAsync(Escape(value.ToString()));

    public override Task WriteAsync(string? value) => _inner.WriteAsync(value is null ? null : Escape(value));

    public override Task WriteLineAsync() => _inner.WriteLineAsync();

    public override Task WriteLineAsync(string? value) => _inner.WriteLineAsync(value is null ? null : Escape(value));

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync() => _inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    private static bool NeedsEscape(string text, int at) => text[at] switch
    {
        '\n' or '\t' => false,
        var c => c < 0x20 || c is >= '\x7F' and <= '\x9F',
    };
}
