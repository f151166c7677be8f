using Microsoft.Extensions.AI;

namespace Release0.Extensions.AI;

/// <summary>
/// Both Release0 APIs keep the conversation on the server, so only the newest user message is
/// sent: the last message of the list, when it is the user's. Earlier ones were sent before.
/// </summary>
internal static class LastUserMessage
{
    public static string? TextOf(IEnumerable<ChatMessage> messages)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var last = messages.LastOrDefault();
        return last is not null && last.Role == ChatRole.User && !string.IsNullOrWhiteSpace(last.Text) ? last.Text : null;
    }
}
