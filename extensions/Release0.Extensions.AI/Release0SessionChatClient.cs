using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Release0.Core.Chats;
using Release0.Core.Chats.Messages;
using Release0.Core.Connection;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Release0.Extensions.AI;

/// <summary>
/// <see cref="IChatClient"/> over the chat-session API. A call without
/// <see cref="ChatOptions.ConversationId"/> starts a session (with the variables under
/// <see cref="Release0ChatKeys.InitialContext"/>, and the last user message, if any, answering the
/// first input); pass the response's <see cref="ChatResponse.ConversationId"/> (the session id)
/// back to continue it. Each of the agent's bubbles becomes one assistant message, as plain text or
/// markdown; the turn is the response's raw representation, and the pending input, pending actions,
/// completion and progress are in its <see cref="ChatResponse.AdditionalProperties"/>.
/// </summary>
public sealed class Release0SessionChatClient : IChatClient
{
    private readonly Release0Connection _connection;
    private readonly ChatClient _chats;
    private readonly ChatClientMetadata _metadata;

    /// <param name="agentId">The published agent's public id, or with <paramref name="preview"/> its builder id.</param>
    /// <param name="preview">Start the agent's draft (needs an API token).</param>
    /// <param name="textFormat">Markdown gives each text bubble as markdown; rich text gives plain text.</param>
    public Release0SessionChatClient(Release0Connection connection, string agentId, bool preview = false, TextBubbleFormat textFormat = TextBubbleFormat.RichText, ChatRouteStyle routeStyle = ChatRouteStyle.Current)
    {
        if (string.IsNullOrWhiteSpace(agentId))
        {
            throw new Release0ConfigurationException(nameof(agentId), "The agent id must not be empty (for example lead-form).");
        }

        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _chats = new ChatClient(connection, routeStyle, textFormat);
        AgentId = agentId;
        IsPreview = preview;
        _metadata = new ChatClientMetadata("release0", connection.Options.GetBaseUri(ApiSurface.Chat), agentId);
    }

    public string AgentId { get; }

    public bool IsPreview { get; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = LastUserMessage.TextOf(messages);
        var reply = text is null ? null : ChatReply.FromText(text);
        if (options?.ConversationId is { Length: > 0 } sessionId)
        {
            var turn = await _chats.ContinueAsync(sessionId, reply, cancellationToken).ConfigureAwait(false);
            return ToResponse(sessionId, turn);
        }

        var context = InitialContextOf(options);
        var session = IsPreview
            ? await _chats.StartPreviewAsync(AgentId, new PreviewChatRequest { Message = reply, InitialContext = context }, cancellationToken).ConfigureAwait(false)
            : await _chats.StartAsync(AgentId, new StartChatRequest { Message = reply, InitialContext = context }, cancellationToken).ConfigureAwait(false);
        return ToResponse(session.SessionId, session.LatestTurn);
    }

    /// <summary>The chat-session API answers whole turns, so the updates (one per bubble) arrive together once the turn has.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>Returns this client, its metadata, the core's <see cref="ChatClient"/> or the <see cref="Release0Connection"/>.</summary>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ChatClientServices.Find(serviceType, serviceKey, this, _metadata, _chats, _connection);

    public void Dispose()
    {
    }

    public override string ToString() => $"Release0 session chat client for '{AgentId}'{(IsPreview ? " (preview)" : string.Empty)} via {_connection}";

    private ChatResponse ToResponse(string sessionId, ChatTurn turn)
    {
        var messages = turn.Messages.Select((bubble, index) => new AiChatMessage(ChatRole.Assistant, TextOf(bubble))
        {
            // Block ids can repeat within a turn (a retry prompt); the index keeps the messages apart when streamed.
            MessageId = $"{bubble.Id}#{index}",
            RawRepresentation = bubble,
        }).ToList();
        var properties = new AdditionalPropertiesDictionary
        {
            [Release0ChatKeys.IsCompleted] = !turn.IsWaitingForReply,
            [Release0ChatKeys.PendingActions] = turn.ClientSideActions.Where(action => action.ExpectsDedicatedReply).ToList(),
        };
        if (turn.Input is { } input)
        {
            properties[Release0ChatKeys.PendingInput] = input;
        }

        if (turn.Progress is { } progress)
        {
            properties[Release0ChatKeys.Progress] = progress;
        }

        return new ChatResponse(messages)
        {
            ConversationId = sessionId,
            FinishReason = ChatFinishReason.Stop,
            RawRepresentation = turn,
            AdditionalProperties = properties,
        };
    }

    private string TextOf(Core.Chats.Messages.ChatMessage bubble) =>
        _chats.TextFormat == TextBubbleFormat.Markdown && bubble is TextMessage text ? text.Markdown : bubble.Text;

    private static IDictionary<string, string?>? InitialContextOf(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.TryGetValue(Release0ChatKeys.InitialContext, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            IEnumerable<KeyValuePair<string, string?>> texts => texts.ToDictionary(pair => pair.Key, pair => (string?)pair.Value),
            IEnumerable<KeyValuePair<string, object?>> objects => objects.ToDictionary(pair => pair.Key, pair => (string?)Convert.ToString(pair.Value, CultureInfo.InvariantCulture)),
            _ => throw new ArgumentException(
                $"ChatOptions.AdditionalProperties[\"{Release0ChatKeys.InitialContext}\"] must be a dictionary of variable names to values (for example new Dictionary<string, string> {{ [\"Name\"] = \"Ann\" }}), not {value.GetType().Name}.",
                nameof(options)),
        };
    }
}
