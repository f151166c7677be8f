namespace Release0.PowerShell.Output;

/// <summary>One piece of a streamed reply, written as soon as it arrives.</summary>
public sealed class AgentReplyChunk
{
    internal AgentReplyChunk(string slug, int index, string text)
    {
        Slug = slug;
        Index = index;
        Text = text;
    }

    public string Slug { get; }

    /// <summary>Position in the reply, from 0.</summary>
    public int Index { get; }

    public string Text { get; }

    public override string ToString() => Text;
}
