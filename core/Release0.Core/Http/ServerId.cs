namespace Release0.Core.Http;

/// <summary>
/// Ids the server hands out that we put in a path, print or store (batch job, session and conversation ids):
/// one rule for what is well formed, and one wording for refusing the rest as an invalid answer, since such
/// an id could split a line a script parses, drive a terminal, or send a later call to another route.
/// </summary>
internal static class ServerId
{
    /// <summary>What a well-formed id is, said to the user who meets a malformed one.</summary>
    public static readonly string Rule = $"an id has 1 to {PathSegment.MaxIdLength} characters, no control characters, and is not '.' or '..'";

    /// <summary>Why <paramref name="id"/> is refused, for an exception's message; null when it is well formed or absent.</summary>
    /// <param name="consequence">What the refusal means for the user, e.g. "the conversation cannot be continued from here".</param>
    public static string? Refusal(string name, string? id, string consequence)
    {
        if (string.IsNullOrEmpty(id) || PathSegment.IsWellFormedId(id!))
        {
            return null;
        }

        var shown = id!.Length > 40 ? id.Substring(0, 40) + "..." : id;
        return $"the {name} the server sent is malformed ({id.Length:N0} characters, '{ApiErrorParser.OneLine(shown)}'): {Rule}; {consequence}";
    }
}
