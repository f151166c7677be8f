using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

/// <summary>
/// Something the client is asked to do (contract section 10). A headless client cannot run scripts,
/// so actions are surfaced to the caller; one that <see cref="ExpectsDedicatedReply"/> must still be
/// answered with a continue call or the session stays stuck.
/// </summary>
public abstract class ClientSideAction
{
    private protected ClientSideAction(JsonElement raw)
    {
        Raw = raw;
        Type = raw.Str("type") ?? string.Empty;
        LastBubbleBlockId = raw.Str("lastBubbleBlockId");
        ExpectsDedicatedReply = raw.Bool("expectsDedicatedReply") == true;
        Payload = raw.Prop(Type);
    }

    public string Type { get; }

    /// <summary>Run after the bubble with this block id; null means before the first bubble.</summary>
    public string? LastBubbleBlockId { get; }

    /// <summary>The flow is paused until a continue request answers this action.</summary>
    public bool ExpectsDedicatedReply { get; }

    /// <summary>The property named like the type, as sent.</summary>
    public JsonElement? Payload { get; }

    public JsonElement Raw { get; }

    /// <summary>One line for a person reading a transcript.</summary>
    public virtual string Summary => Type;

    public override string ToString() => Summary;
}
