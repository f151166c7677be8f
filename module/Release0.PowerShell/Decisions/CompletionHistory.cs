namespace Release0.PowerShell.Decisions;

/// <summary>What tab completion offers: values used in this PowerShell session, newest first.</summary>
internal enum CompletionKind
{
    SessionId,
    AgentId,
    Slug,
    BatchJobId,
}

/// <summary>
/// Remembers the ids this PowerShell session has seen (sessions started, agents and slugs used, batch
/// jobs submitted) so the argument completers can offer them. Per process, bounded, thread-safe.
/// </summary>
internal static class CompletionHistory
{
    public const int Capacity = 100;

    private static readonly object Gate = new();
    private static readonly Dictionary<CompletionKind, List<(string Value, string? Note)>> Values = [];

    public static void Remember(CompletionKind kind, string? value, string? note = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        lock (Gate)
        {
            if (!Values.TryGetValue(kind, out var list))
            {
                Values[kind] = list = [];
            }

            list.RemoveAll(v => v.Value == value);
            list.Insert(0, (value!, note));
            if (list.Count > Capacity)
            {
                list.RemoveAt(list.Count - 1);
            }
        }
    }

    /// <summary>Values starting with <paramref name="prefix"/> (case-insensitive; quotes ignored), newest first.</summary>
    public static IReadOnlyList<(string Value, string? Note)> Complete(CompletionKind kind, string? prefix)
    {
        var start = (prefix ?? string.Empty).Trim('\'', '"');
        lock (Gate)
        {
            return Values.TryGetValue(kind, out var list)
                ? list.Where(v => v.Value.StartsWith(start, StringComparison.OrdinalIgnoreCase)).ToList()
                : [];
        }
    }
}
