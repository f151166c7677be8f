using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

/// <summary><c>stream</c>: the client should read the AI reply from the streamMessage route.</summary>
public sealed class StreamAction : ClientSideAction
{
    internal StreamAction(JsonElement raw)
        : base(raw)
    {
    }
}

/// <summary><c>streamOpenAiChatCompletion</c>: the client should generate the reply from these messages.</summary>
public sealed class StreamOpenAiChatCompletionAction : ClientSideAction
{
    internal StreamOpenAiChatCompletionAction(JsonElement raw)
        : base(raw)
    {
        Messages = Payload.Items("messages")
            .Select(m => new KeyValuePair<string, string>(m.Str("role") ?? string.Empty, m.Str("content") ?? string.Empty))
            .ToList();
    }

    /// <summary>Role (<c>system</c>, <c>user</c>, <c>assistant</c>) and content, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Messages { get; }
}
