using System.Text.Json;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Json;

namespace Release0.Core.Messages;

/// <summary>
/// The agent-message API (<c>POST /v1/api/chat/{slug}</c>): one message per call, continued by
/// conversation id, answered whole or streamed. A message is never resent after the server may
/// have acted on it: a repeated 500 could add a second turn to the conversation.
/// </summary>
public sealed class AgentMessageClient
{
    private readonly Release0Connection _connection;

    public AgentMessageClient(Release0Connection connection)
    {
        _connection = connection;
    }

    /// <summary>Sends a message and returns the whole reply.</summary>
    public async Task<AgentReply> SendAsync(string slug, string message, string? conversationId = null, CancellationToken cancellationToken = default)
    {
        var request = BuildRequest(slug, message, conversationId, stream: false);
        var envelope = await _connection.Transport.SendJsonAsync(request, cancellationToken).ConfigureAwait(false);
        if (envelope.Prop("data") is not { ValueKind: JsonValueKind.Object })
        {
            var uri = _connection.Transport.BuildUri(request);
            throw _connection.Transport.Error(request, uri, ApiErrorKind.InvalidResponse, $"the reply has no data object: {ApiErrorParser.OneLine(envelope.GetRawText())}", null);
        }

        var reply = AgentReply.FromEnvelope(envelope);
        if (ServerId.Refusal("conversationId", reply.ConversationId, AgentReply.MalformedConversation) is { } malformed)
        {
            throw _connection.Transport.Error(request, _connection.Transport.BuildUri(request), ApiErrorKind.InvalidResponse, malformed, null);
        }

        return reply;
    }

    /// <summary>
    /// Sends a message asking for a streamed reply. Nothing is sent until the result is enumerated;
    /// chunks then arrive as the server flushes them.
    /// </summary>
    public AgentReplyStream Stream(string slug, string message, string? conversationId = null, AgentStreamOptions? options = null)
    {
        options ??= new AgentStreamOptions();
        options.Validate();
        var request = BuildRequest(slug, message, conversationId, stream: true);
        return new AgentReplyStream(_connection.Transport, request, options);
    }

    private static ApiRequest BuildRequest(string slug, string message, string? conversationId, bool stream)
    {
        if (string.IsNullOrWhiteSpace(slug))
        {
            throw new Release0ConfigurationException(nameof(slug), "The agent slug must not be empty (for example support-agent).");
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            throw new Release0ConfigurationException(nameof(message), "The message must not be empty.");
        }

        var body = new AgentMessageBody { Message = message, Stream = stream ? true : null, ConversationId = string.IsNullOrWhiteSpace(conversationId) ? null : conversationId };
        var json = JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Default.AgentMessageBody);
        var operation = stream ? "stream agent message" : "send agent message";
        return new ApiRequest(operation, ApiSurface.AgentMessages, HttpMethod.Post, $"v1/api/chat/{PathSegment.Escape(slug, nameof(slug))}", json, safeToRepeat: false)
        {
            Accept = stream ? "text/event-stream" : "application/json",
        };
    }
}
