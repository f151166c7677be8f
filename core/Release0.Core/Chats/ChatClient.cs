using System.Text.Json;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Json;

namespace Release0.Core.Chats;

/// <summary>
/// The chat-session API: start a published or preview chat and continue it. None of these calls
/// is ever resent after the server may have acted on it (only 429 and 503 are retried).
/// </summary>
public sealed class ChatClient
{
    private readonly Release0Connection _connection;

    public ChatClient(Release0Connection connection, ChatRouteStyle routeStyle = ChatRouteStyle.Current, TextBubbleFormat textFormat = TextBubbleFormat.RichText)
    {
        _connection = connection;
        RouteStyle = routeStyle;
        TextFormat = textFormat;
    }

    public ChatRouteStyle RouteStyle { get; }

    public TextBubbleFormat TextFormat { get; }

    internal TimeProvider Time => _connection.Transport.Time;

    internal void NotifyWaiting(Release0WaitKind kind, string operation, string reason, TimeSpan delay) =>
        _connection.Transport.NotifyWaiting(kind, operation, reason, delay);

    /// <summary>Starts a chat with a published agent by its public id.</summary>
    public async Task<ChatSession> StartAsync(string publicId, StartChatRequest? request = null, CancellationToken cancellationToken = default)
    {
        RequireId(publicId, nameof(publicId));
        request ??= new StartChatRequest();
        var body = new ChatRequestBody
        {
            Message = ChatRequestBody.From(request.Message),
            InitialContext = NullIfEmpty(request.InitialContext),
            ResultId = request.ResultId,
            IsOnlyRegistering = request.IsOnlyRegistering ? true : null,
            TextBubbleContentFormat = ChatRequestBody.Format(TextFormat),
        };
        var path = $"api/v1/agents/{PathSegment.Escape(publicId, nameof(publicId))}/{(RouteStyle == ChatRouteStyle.Legacy ? "startChat" : "start")}";
        var raw = await SendAsync("start chat", path, body, cancellationToken).ConfigureAwait(false);
        return NewSession(publicId, isPreview: false, raw, request.Message);
    }

    /// <summary>Starts a chat with an agent's draft by its builder id; needs an API token.</summary>
    public async Task<ChatSession> StartPreviewAsync(string agentId, PreviewChatRequest? request = null, CancellationToken cancellationToken = default)
    {
        RequireId(agentId, nameof(agentId));
        if (!_connection.HasToken)
        {
            throw new Release0ConfigurationException("ApiToken", $"Preview chats need an API token: pass one explicitly or set {Release0ConnectionOptions.TokenVariable}.");
        }

        request ??= new PreviewChatRequest();
        var body = new ChatRequestBody
        {
            Message = ChatRequestBody.From(request.Message),
            InitialContext = NullIfEmpty(request.InitialContext),
            IsOnlyRegistering = request.IsOnlyRegistering ? true : null,
            TextBubbleContentFormat = ChatRequestBody.Format(TextFormat),
            StartFrom = request.StartFrom is { } from
                ? new StartFromBody { Type = from.Type, GroupId = from.Type == "group" ? from.Id : null, EventId = from.Type == "event" ? from.Id : null }
                : null,
            SessionId = request.SessionId,
            Password = request.Password,
        };
        var path = $"api/v1/agents/{PathSegment.Escape(agentId, nameof(agentId))}/preview/{(RouteStyle == ChatRouteStyle.Legacy ? "startChat" : "start")}";
        var raw = await SendAsync("start preview chat", path, body, cancellationToken).ConfigureAwait(false);
        return NewSession(agentId, isPreview: true, raw, request.Message);
    }

    /// <summary>
    /// The names of an agent's variables, from its published version (needs an API token); for
    /// checking names given to <see cref="StartChatRequest.InitialContext"/>, which the platform
    /// ignores silently when they are unknown.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetVariableNamesAsync(string agentId, CancellationToken cancellationToken = default)
    {
        RequireId(agentId, nameof(agentId));
        var request = new ApiRequest("read agent variables", ApiSurface.Chat, HttpMethod.Get, $"api/v1/agents/{PathSegment.Escape(agentId, nameof(agentId))}/publishedAgent", null, safeToRepeat: true);
        var raw = await _connection.Transport.SendJsonAsync(request, cancellationToken).ConfigureAwait(false);
        var agent = raw.Prop("publicAgent") ?? raw.Prop("publicTypebot");
        return agent.Items("variables").Select(v => v.Str("name")).OfType<string>().ToList();
    }

    /// <summary>Sends the next reply (or none, to answer an action) and moves the session on.</summary>
    public async Task<ChatTurn> ContinueAsync(ChatSession session, ChatReply? reply, CancellationToken cancellationToken = default)
    {
        var turn = await ContinueAsync(session.SessionId, reply, session.TextFormat, cancellationToken).ConfigureAwait(false);
        session.Apply(turn, reply, Time.GetUtcNow());
        return turn;
    }

    /// <summary>Continues a session known only by id.</summary>
    public Task<ChatTurn> ContinueAsync(string sessionId, ChatReply? reply, CancellationToken cancellationToken = default) =>
        ContinueAsync(sessionId, reply, TextFormat, cancellationToken);

    private async Task<ChatTurn> ContinueAsync(string sessionId, ChatReply? reply, TextBubbleFormat format, CancellationToken cancellationToken)
    {
        RequireId(sessionId, nameof(sessionId));
        var body = new ChatRequestBody
        {
            Message = ChatRequestBody.From(reply),
            TextBubbleContentFormat = ChatRequestBody.Format(format),
        };
        var path = $"api/v1/sessions/{PathSegment.Escape(sessionId, nameof(sessionId))}/{(RouteStyle == ChatRouteStyle.Legacy ? "continueChat" : "continue")}";
        var raw = await SendAsync("continue chat", path, body, cancellationToken).ConfigureAwait(false);
        return new ChatTurn(raw);
    }

    private ChatSession NewSession(string agentId, bool isPreview, JsonElement raw, ChatReply? firstReply)
    {
        var session = new ChatSession(agentId, isPreview, TextFormat, raw, firstReply, Time.GetUtcNow());
        if (session.SessionId.Length == 0)
        {
            var uri = _connection.Options.GetBaseUri(ApiSurface.Chat);
            throw new Release0ApiException(ApiErrorKind.InvalidResponse, isPreview ? "start preview chat" : "start chat", HttpMethod.Post, uri, "The start response carried no sessionId, so the conversation cannot be continued.");
        }

        if (!PathSegment.IsWellFormedId(session.SessionId))
        {
            var uri = _connection.Options.GetBaseUri(ApiSurface.Chat);
            throw new Release0ApiException(ApiErrorKind.InvalidResponse, isPreview ? "start preview chat" : "start chat", HttpMethod.Post, uri, $"The start response carried a malformed sessionId ({session.SessionId.Length:N0} characters; {ServerId.Rule}), so the conversation cannot be continued.");
        }

        return session;
    }

    private Task<JsonElement> SendAsync(string operation, string path, ChatRequestBody body, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Default.ChatRequestBody);
        return _connection.Transport.SendJsonAsync(new ApiRequest(operation, ApiSurface.Chat, HttpMethod.Post, path, json, safeToRepeat: false), cancellationToken);
    }

    private static IDictionary<string, string?>? NullIfEmpty(IDictionary<string, string?>? values) => values is { Count: > 0 } ? values : null;

    private static void RequireId(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new Release0ConfigurationException(name, $"{name} must not be empty.");
        }
    }
}
