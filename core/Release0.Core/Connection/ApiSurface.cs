namespace Release0.Core.Connection;

/// <summary>The three agent APIs; each can be pointed at its own base URI.</summary>
public enum ApiSurface
{
    /// <summary>Chat sessions: start, preview start, continue.</summary>
    Chat,

    /// <summary>Agent messages by slug (optionally streamed).</summary>
    AgentMessages,

    /// <summary>Batch message submission and polling.</summary>
    Batch,
}
