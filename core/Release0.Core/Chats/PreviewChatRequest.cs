namespace Release0.Core.Chats;

/// <summary>Optional fields of a preview (draft) chat; preview calls need an API token.</summary>
public sealed class PreviewChatRequest
{
    public ChatReply? Message { get; set; }

    public IDictionary<string, string?>? InitialContext { get; set; }

    public bool IsOnlyRegistering { get; set; }

    /// <summary>Start at a group or event instead of the start event.</summary>
    public PreviewStartPoint? StartFrom { get; set; }

    /// <summary>Use (and replace) a session with this id.</summary>
    public string? SessionId { get; set; }

    /// <summary>For password-protected agents.</summary>
    public string? Password { get; set; }
}

/// <summary>Where a preview begins: a group or an event, by id.</summary>
public sealed class PreviewStartPoint
{
    private PreviewStartPoint(string type, string id)
    {
        Type = type;
        Id = id;
    }

    /// <summary><c>group</c> or <c>event</c>.</summary>
    public string Type { get; }

    public string Id { get; }

    public static PreviewStartPoint Group(string groupId) => new("group", groupId);

    public static PreviewStartPoint Event(string eventId) => new("event", eventId);
}
