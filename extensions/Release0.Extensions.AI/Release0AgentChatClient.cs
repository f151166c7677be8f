using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Release0.Core.Connection;
using Release0.Core.Messages;

namespace Release0.Extensions.AI;

/// <summary>
/// <see cref="IChatClient"/> over the agent-message API (<c>POST /v1/api/chat/{slug}</c>). Each call
/// sends the last user message; the server keeps the history, so pass the response's
/// <see cref="ChatResponse.ConversationId"/> back through <see cref="ChatOptions.ConversationId"/>
/// to continue. Failures are <see cref="Core.Http.Release0ApiException"/>. The connection stays the
/// caller's: disposing this client does not close it.
/// </summary>
public sealed class Release0AgentChatClient : IChatClient
{
    private readonly Release0Connection _connection;
    private readonly AgentMessageClient _messages;
    private readonly AgentStreamOptions _streamOptions;
    private readonly ChatClientMetadata _metadata;

    /// <param name="slug">The agent's slug, e.g. <c>support-agent</c>.</param>
    /// <param name="streamOptions">How streamed replies are read; the text is not kept by default, the updates carry it.</param>
    public Release0AgentChatClient(Release0Connection connection, string slug, AgentStreamOptions? streamOptions = null)
    {
        if (string.IsNullOrWhiteSpace(slug))
        {
            throw new Release0ConfigurationException(nameof(slug), "The agent slug must not be empty (for example support-agent).");
        }

        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _messages = new AgentMessageClient(connection);
        _streamOptions = streamOptions ?? new AgentStreamOptions { KeepText = false };
        Slug = slug;
        _metadata = new ChatClientMetadata("release0", connection.Options.GetBaseUri(ApiSurface.AgentMessages), slug);
    }

    public string Slug { get; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = RequireUserText(messages);
        var reply = await _messages.SendAsync(Slug, text, options?.ConversationId, cancellationToken).ConfigureAwait(false);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, reply.Response) { RawRepresentation = reply })
        {
            ConversationId = reply.ConversationId ?? options?.ConversationId,
            ModelId = reply.Model,
            Usage = Usage(reply),
            FinishReason = ChatFinishReason.Stop,
            RawRepresentation = reply,
        };
    }

    /// <summary>
    /// Streams the reply: one update per chunk as it arrives, then a last update with the
    /// conversation id, model, usage and the core's <see cref="AgentReply"/> as raw representation.
    /// A stream cut before its end marker ends with <see cref="Core.Http.Release0ApiException"/>.
    /// </summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = RequireUserText(messages);
        var stream = _messages.Stream(Slug, text, options?.ConversationId, _streamOptions);
        var messageId = Guid.NewGuid().ToString("N");
        await foreach (var chunk in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk) { MessageId = messageId, ConversationId = options?.ConversationId };
        }

        var reply = stream.Result!;
        var usage = Usage(reply);
        yield return new ChatResponseUpdate(ChatRole.Assistant, usage is null ? [] : [new UsageContent(usage)])
        {
            MessageId = messageId,
            ConversationId = reply.ConversationId ?? options?.ConversationId,
            ModelId = reply.Model,
            FinishReason = ChatFinishReason.Stop,
            RawRepresentation = reply,
        };
    }

    /// <summary>Returns this client, its metadata, the core's <see cref="AgentMessageClient"/> or the <see cref="Release0Connection"/>.</summary>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ChatClientServices.Find(serviceType, serviceKey, this, _metadata, _messages, _connection);

    public void Dispose()
    {
    }

    public override string ToString() => $"Release0 agent chat client for '{Slug}' via {_connection}";

    private static string RequireUserText(IEnumerable<ChatMessage> messages) =>
        LastUserMessage.TextOf(messages) ?? throw new ArgumentException("The last message must be a user message with text: the agent-message API sends one message per call and keeps the history itself.", nameof(messages));

    /// <summary>The platform reports one token count; it becomes the total.</summary>
    private static UsageDetails? Usage(AgentReply reply) => reply.Tokens is { } tokens ? new UsageDetails { TotalTokenCount = tokens } : null;
}
