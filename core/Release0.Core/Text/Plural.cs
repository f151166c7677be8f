namespace Release0.Core.Text;

/// <summary>Counts in messages: "1 poll", "3 polls", "0 jobs".</summary>
public static class Plural
{
    public static string Of(long count, string singular, string? plural = null) =>
        $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";
}
