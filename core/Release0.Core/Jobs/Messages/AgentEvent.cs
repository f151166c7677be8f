namespace Release0.Core.Jobs.Messages;

/// <summary>
/// An agent event on <c>release0-agent-events</c> (an order, a ticket, a form): start a conversation
/// with <see cref="AgentId"/>, pre-filled with <see cref="InitialContext"/>, and send <see cref="Replies"/> in order.
/// </summary>
public sealed class AgentEvent
{
    private AgentEvent(string eventId, string agentId, IDictionary<string, string?> initialContext, IReadOnlyList<string> replies, bool resendUnknown, DateTimeOffset? deadline, int releasedAttempt)
    {
        Deadline = deadline;
        ReleasedAttempt = releasedAttempt;
        ResendUnknown = resendUnknown;
        EventId = eventId;
        AgentId = agentId;
        InitialContext = initialContext;
        Replies = replies;
    }

    public string EventId { get; }

    /// <summary>The published agent's public id.</summary>
    public string AgentId { get; }

    public IDictionary<string, string?> InitialContext { get; }

    public IReadOnlyList<string> Replies { get; }

    /// <summary>Start the conversation again if the event ended as outcome unknown (see <see cref="BatchJobRequest.ResendUnknown"/>).</summary>
    public bool ResendUnknown { get; }

    /// <summary>Until when a start the platform refuses for its rate limit is tried again; the workflow's default timeout applies when absent.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>The claim attempt a throttled start handed back (see <see cref="BatchJobRequest.ReleasedAttempt"/>).</summary>
    public int ReleasedAttempt { get; }

    public static AgentEvent Parse(string text)
    {
        var root = JobJson.ParseObject(text, "agent event");
        var eventId = JobJson.Id(root, "eventId");
        return new AgentEvent(
            eventId,
            JobJson.Required(root, "agentId", eventId),
            JobJson.Variables(root, "initialContext", eventId),
            JobJson.Strings(root, "replies", eventId, required: false),
            JobJson.Flag(root, "resendUnknown", eventId),
            JobJson.Time(root, "deadline", eventId),
            JobJson.ReleasedAttempt(root, eventId));
    }
}
