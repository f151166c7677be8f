namespace Release0.Core.Batches;

/// <summary>A stored document and the version a conditional write must name to replace it (a blob's ETag).</summary>
public sealed class VersionedText
{
    public VersionedText(string text, string version)
    {
        Text = text;
        Version = version;
    }

    public string Text { get; }

    public string Version { get; }
}
