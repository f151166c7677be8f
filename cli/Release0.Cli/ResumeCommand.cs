using System.CommandLine;
using System.CommandLine.Parsing;

namespace Release0.Cli;

/// <summary>The command line a user typed, to print as "run this again": as typed, without the token.</summary>
internal static class ResumeCommand
{
    public static string Of(ParseResult parse)
    {
        var words = new List<string> { "release0" };
        var skipNext = false;
        foreach (var token in parse.Tokens)
        {
            if (skipNext)
            {
                skipNext = false;
                continue;
            }

            // A secret never reaches the output; the variable it belongs in is what the user should use.
            if (token.Value == "--token")
            {
                skipNext = true;
                continue;
            }

            if (token.Value.StartsWith("--token=", StringComparison.Ordinal) || token.Value.StartsWith("--token:", StringComparison.Ordinal))
            {
                continue;
            }

            words.Add(Quote(token.Value));
        }

        return string.Join(" ", words);
    }

    /// <summary>POSIX shell quoting, only where a word needs it.</summary>
    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || "-_./:=@%+,".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
