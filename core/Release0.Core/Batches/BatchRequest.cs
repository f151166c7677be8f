using Release0.Core.Connection;

namespace Release0.Core.Batches;

/// <summary>How the <c>messages</c> field is encoded on the wire.</summary>
public enum BatchMessagesEncoding
{
    /// <summary>A string holding a JSON array, as the platform's documentation says.</summary>
    StringifiedJson,

    /// <summary>A plain JSON array, as the platform's official client sends.</summary>
    Array,
}

/// <summary>A batch message job to submit. <see cref="Validate"/> runs before anything is sent.</summary>
public sealed class BatchRequest
{
    public string UserProfileId { get; set; } = string.Empty;

    public string ProjectEnvId { get; set; } = string.Empty;

    public string AgentId { get; set; } = string.Empty;

    /// <summary>The user's id in your own system.</summary>
    public string? ExternalUserId { get; set; }

    /// <summary>Continue a platform session; exclusive with <see cref="ExternalChatSessionId"/>.</summary>
    public string? ChatSessionId { get; set; }

    /// <summary>Your own session id; exclusive with <see cref="ChatSessionId"/>.</summary>
    public string? ExternalChatSessionId { get; set; }

    public BatchFilters? Filters { get; set; }

    public IList<BatchMessage> Messages { get; set; } = [];

    public BatchMessagesEncoding MessagesEncoding { get; set; } = BatchMessagesEncoding.StringifiedJson;

    /// <summary>Throws <see cref="Release0ConfigurationException"/> naming the first field that is wrong.</summary>
    public void Validate()
    {
        Require(nameof(UserProfileId), UserProfileId, "the user profile id from the agent's project page");
        Require(nameof(ProjectEnvId), ProjectEnvId, "the project environment id from the project page");
        Require(nameof(AgentId), AgentId, "the id from the agent's details page");
        if (Messages.Count == 0)
        {
            throw new Release0ConfigurationException(nameof(Messages), "A batch needs at least one message.");
        }

        for (var i = 0; i < Messages.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Messages[i]?.Text))
            {
                throw new Release0ConfigurationException(nameof(Messages), $"Message {i + 1} of {Messages.Count} is empty.");
            }
        }

        if (!string.IsNullOrWhiteSpace(ChatSessionId) && !string.IsNullOrWhiteSpace(ExternalChatSessionId))
        {
            throw new Release0ConfigurationException(nameof(ChatSessionId), "Give either a chat session id or an external chat session id, not both.");
        }

        Filters?.Validate();
    }

    private static void Require(string name, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new Release0ConfigurationException(name, $"{name} is required: {what}.");
        }
    }
}
