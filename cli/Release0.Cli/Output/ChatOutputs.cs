using Release0.Core.Chats;
using Release0.Core.Chats.Inputs;
using Release0.Core.Chats.Messages;

namespace Release0.Cli.Output;

/// <summary>A bubble as scripts see it: its type and its readable text (the URL for media).</summary>
internal sealed record MessageOutput(string Id, string Type, string Text)
{
    public static MessageOutput From(ChatMessage message) => new(message.Id, message.Type, message.Text);
}

/// <summary>The pending input: its type, a one-line prompt and, for choices, the labels to pick from.</summary>
internal sealed record InputOutput(string Id, string Type, string Prompt, IReadOnlyList<string>? Choices)
{
    public static InputOutput? From(ChatInput? input) => input switch
    {
        null => null,
        ChoiceInput choice => new(input.Id, input.Type, input.Prompt, choice.Items.Select(i => i.ToString()).ToList()),
        PictureChoiceInput picture => new(input.Id, input.Type, input.Prompt, picture.Items.Select(i => i.ToString()).ToList()),
        _ => new(input.Id, input.Type, input.Prompt, null),
    };
}

internal sealed record ActionOutput(string Type, bool ExpectsReply, string Summary);

/// <summary>What <c>chat start</c> and <c>chat send</c> print with <c>--json</c>.</summary>
internal sealed record ChatTurnOutput(
    string SessionId,
    string? ResultId,
    IReadOnlyList<MessageOutput> Messages,
    InputOutput? Input,
    IReadOnlyList<ActionOutput> Actions,
    double? Progress,
    bool IsCompleted)
{
    public static ChatTurnOutput From(string sessionId, string? resultId, ChatTurn turn) => new(
        sessionId,
        resultId,
        turn.Messages.Select(MessageOutput.From).ToList(),
        InputOutput.From(turn.Input),
        turn.ClientSideActions.Select(a => new ActionOutput(a.Type, a.ExpectsDedicatedReply, a.Summary)).ToList(),
        turn.Progress,
        !turn.IsWaitingForReply);
}

internal sealed record TranscriptOutput(string Speaker, string Text);

/// <summary>What <c>chat run</c> and <c>demo</c> print with <c>--json</c>.</summary>
internal sealed record ChatRunOutput(string SessionId, string AgentId, IReadOnlyList<TranscriptOutput> Transcript, bool IsCompleted)
{
    public static ChatRunOutput From(ChatSession session) => new(
        session.SessionId,
        session.AgentId,
        session.Transcript.Select(e => new TranscriptOutput(e.Speaker == Speaker.Agent ? "agent" : "user", e.Text)).ToList(),
        session.IsCompleted);
}
