namespace Release0.Core.Chats;

/// <summary>Optional fields of a start-chat call (published agents).</summary>
public sealed class StartChatRequest
{
    /// <summary>Answers the first input when the flow begins with one.</summary>
    public ChatReply? Message { get; set; }

    /// <summary>Variables pre-filled by name, e.g. <c>{"First name": "John"}</c>.</summary>
    public IDictionary<string, string?>? InitialContext { get; set; }

    /// <summary>Reuse (overwrite) an existing result.</summary>
    public string? ResultId { get; set; }

    /// <summary>Create the session without running the flow.</summary>
    public bool IsOnlyRegistering { get; set; }
}
