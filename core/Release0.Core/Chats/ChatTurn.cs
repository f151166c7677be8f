using System.Text.Json;
using Release0.Core.Chats.Actions;
using Release0.Core.Chats.Inputs;
using Release0.Core.Chats.Messages;
using Release0.Core.Json;

namespace Release0.Core.Chats;

/// <summary>One response of the chat API: the bot's bubbles and what it now waits for.</summary>
public sealed class ChatTurn
{
    internal ChatTurn(JsonElement raw)
    {
        Raw = raw;
        Messages = raw.ReadItems("messages", ChatMessageParser.Parse);
        Input = raw.Prop("input") is { ValueKind: JsonValueKind.Object } input ? ChatInputParser.Parse(input) : null;
        ClientSideActions = raw.ReadItems("clientSideActions", ClientSideActionParser.Parse);
        Logs = raw.ReadItems("logs", static log => new ChatLog(log));
        Progress = raw.Num("progress");
        LastMessageNewFormat = raw.Str("lastMessageNewFormat");
        DynamicTheme = raw.Prop("dynamicTheme");
    }

    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>The input waiting for a reply; null when none is.</summary>
    public ChatInput? Input { get; }

    public IReadOnlyList<ClientSideAction> ClientSideActions { get; }

    public IReadOnlyList<ChatLog> Logs { get; }

    /// <summary>0..100 when the agent's progress bar is on; 100 once the flow has ended.</summary>
    public double? Progress { get; }

    /// <summary>The server's normalised form of the reply just sent (a date, a lower-cased e-mail).</summary>
    public string? LastMessageNewFormat { get; }

    public JsonElement? DynamicTheme { get; }

    /// <summary>The whole response as sent.</summary>
    public JsonElement Raw { get; }

    /// <summary>True while an input or an action expecting a reply keeps the flow paused.</summary>
    public bool IsWaitingForReply => Input is not null || ClientSideActions.Any(action => action.ExpectsDedicatedReply);
}
