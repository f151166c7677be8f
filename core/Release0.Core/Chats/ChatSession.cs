using System.Text.Json;
using Release0.Core.Chats.Actions;
using Release0.Core.Chats.Inputs;
using Release0.Core.Json;

namespace Release0.Core.Chats;

/// <summary>
/// A conversation with an agent: its id, the latest turn, what it waits for and whether it has
/// ended. <see cref="ChatClient.ContinueAsync(ChatSession, ChatReply, CancellationToken)"/> moves it on.
/// </summary>
public sealed class ChatSession
{
    private readonly List<ChatTurn> _turns = [];
    private readonly List<TranscriptEntry> _transcript = [];

    internal ChatSession(string agentId, bool isPreview, TextBubbleFormat format, JsonElement raw, ChatReply? firstReply, DateTimeOffset at)
    {
        AgentId = agentId;
        IsPreview = isPreview;
        TextFormat = format;
        SessionId = raw.Str("sessionId") ?? string.Empty;
        ResultId = raw.Str("resultId");
        Agent = raw.Prop("agent") ?? raw.Prop("typebot");
        Apply(new ChatTurn(raw), firstReply, at);
    }

    public string SessionId { get; }

    /// <summary>The public id (or, for previews, the agent id) the chat was started with.</summary>
    public string AgentId { get; }

    public bool IsPreview { get; }

    /// <summary>Present for published runs; absent in preview.</summary>
    public string? ResultId { get; }

    /// <summary>The agent object from the start response (<c>agent</c> or <c>typebot</c>), loosely typed.</summary>
    public JsonElement? Agent { get; }

    /// <summary>The text format sent on every call of this session.</summary>
    public TextBubbleFormat TextFormat { get; }

    public ChatTurn LatestTurn { get; private set; } = null!;

    public IReadOnlyList<ChatTurn> Turns => _turns;

    /// <summary>Everything said so far, by the agent and by the user, in order.</summary>
    public IReadOnlyList<TranscriptEntry> Transcript => _transcript;

    public ChatInput? PendingInput => LatestTurn.Input;

    /// <summary>Actions of the latest turn that must be answered with a continue call.</summary>
    public IReadOnlyList<ClientSideAction> PendingActions => LatestTurn.ClientSideActions.Where(a => a.ExpectsDedicatedReply).ToList();

    /// <summary>True once the flow has ended: no input and no action awaiting a reply.</summary>
    public bool IsCompleted => !LatestTurn.IsWaitingForReply;

    public override string ToString() => $"session {SessionId} with {AgentId} ({(IsCompleted ? "completed" : $"waiting for {PendingInput?.Type ?? "a reply"}")})";

    internal void Apply(ChatTurn turn, ChatReply? reply, DateTimeOffset at)
    {
        if (reply is not null)
        {
            // The server's normalised form (a lower-cased e-mail, a formatted date) is what it stored.
            _transcript.Add(new TranscriptEntry(Speaker.User, turn.LastMessageNewFormat ?? reply.ToString(), at));
        }

        foreach (var message in turn.Messages)
        {
            _transcript.Add(new TranscriptEntry(Speaker.Agent, message.Text, at));
        }

        _turns.Add(turn);
        LatestTurn = turn;
    }
}
