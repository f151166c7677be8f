using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Release0.Core.Diagnostics;
using Release0.Core.Http;

namespace Release0.Core.Messages;

/// <summary>
/// A streamed reply: enumerate it to receive chunks as the server sends them. Afterwards
/// <see cref="Result"/> holds the whole reply; if the stream failed or was cut, it holds what
/// arrived before the failure, and the enumeration ends with a <see cref="Release0ApiException"/>
/// (kind <see cref="ApiErrorKind.IncompleteResponse"/> for a stream without its end marker).
/// </summary>
public sealed class AgentReplyStream : IAsyncEnumerable<string>
{
    private readonly ApiTransport _transport;
    private readonly ApiRequest _request;
    private readonly AgentStreamOptions _options;
    private int _enumerated;

    internal AgentReplyStream(ApiTransport transport, ApiRequest request, AgentStreamOptions options)
    {
        _transport = transport;
        _request = request;
        _options = options;
    }

    /// <summary>The reply once enumeration has ended (completely or not); null before.</summary>
    public AgentReply? Result { get; private set; }

    public IAsyncEnumerator<string> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A reply stream can be read once; send the message again for another reply.");
        }

        return StreamTelemetry.Observe(ReadAsync(cancellationToken), _request).GetAsyncEnumerator(cancellationToken);
    }

    private async IAsyncEnumerable<string> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = new OperationDeadline(_transport.Options.Deadline, _transport.Time, cancellationToken);
        using var response = await _transport.SendAsync(_request, HttpCompletionOption.ResponseHeadersRead, deadline).ConfigureAwait(false);
        var uri = _transport.BuildUri(_request);

        // A server that ignores "stream": true answers with the ordinary JSON envelope: one chunk.
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            var envelope = await JsonAnswerReader.ReadAsync(_transport, _request, uri, response, deadline).ConfigureAwait(false);
            var whole = AgentReply.FromEnvelope(envelope);
            if (whole.Response is not { } text)
            {
                throw _transport.Error(_request, uri, ApiErrorKind.InvalidResponse, $"the server answered a stream request with JSON that holds no reply: {ApiErrorParser.OneLine(envelope.GetRawText())}", null);
            }

            if (ServerId.Refusal("conversationId", whole.ConversationId, AgentReply.MalformedConversation) is { } malformedWhole)
            {
                throw _transport.Error(_request, uri, ApiErrorKind.InvalidResponse, malformedWhole, null);
            }

            Result = whole;
            yield return text;
            yield break;
        }

        // A proxy's or captive portal's page holds no events: read as a stream it would look like a reply cut at once.
        if (response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            throw _transport.Error(_request, uri, ApiErrorKind.InvalidResponse, $"the server answered a stream request with an HTML page (HTTP {(int)response.StatusCode}, text/html), not an event stream; a proxy or portal may stand in front of the platform", null, statusCode: (int)response.StatusCode);
        }

        var limit = _transport.Options.MaxResponseBytes;
        var state = new StreamState(_options.KeepText);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);

        // Re-armed before each read, on the transport's clock, so tests can run the idle timeout out.
        using var idleTimer = _transport.Time.CreateTimer(_ => CancelQuietly(idle), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var stream = new EventSizeLimitStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), limit);
        var events = SseParser.Create(stream, StreamEvent.Parse).EnumerateAsync(idle.Token).GetAsyncEnumerator(idle.Token);
        try
        {
            while (await NextAsync(events, idleTimer, deadline, state, uri).ConfigureAwait(false))
            {
                var item = events.Current.Data;
                if (item.IsDone)
                {
                    state.Done = true;
                    break;
                }

                if (item.Malformed is { } reason)
                {
                    Result = state.ToReply();
                    throw _transport.Error(_request, uri, ApiErrorKind.InvalidResponse, $"an event of the stream (after {state.Length} characters) is an object that cannot be read: {ApiErrorParser.OneLine(reason)}", null);
                }

                if (item.Error is { } error)
                {
                    Result = state.ToReply();
                    var parsed = ApiErrorParser.FromStreamError(error);
                    throw _transport.Error(_request, uri, ApiErrorKind.StreamError, $"the stream reported an error after {state.Length} characters: {parsed.Code ?? "error"}: {parsed.Message}", null, code: parsed.Code, apiMessage: parsed.Message, details: parsed.Details);
                }

                if (ServerId.Refusal("conversationId", item.ConversationId, AgentReply.MalformedConversation) is { } malformed)
                {
                    Result = state.ToReply();
                    throw _transport.Error(_request, uri, ApiErrorKind.InvalidResponse, $"{malformed} (after {state.Length} characters of the stream)", null);
                }

                var chunk = item.Chunk is { } sent ? _transport.Redactor.Redact(sent) : null;
                state.Take(item, chunk);
                if (state.Held > limit)
                {
                    Result = state.ToReply();
                    throw _transport.Error(_request, uri, ApiErrorKind.InvalidResponse, new ResponseLimitException(limit).Describe($"the reply held whole ({nameof(AgentStreamOptions.KeepText)})"), null);
                }

                if (!string.IsNullOrEmpty(chunk))
                {
                    yield return chunk!;
                }
            }
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }

        Result = state.ToReply();
        if (!state.Done)
        {
            throw _transport.Error(_request, uri, ApiErrorKind.IncompleteResponse, $"the reply is incomplete: the stream ended before [DONE] after {state.Length} characters", null);
        }
    }

    /// <summary>Reads the next event within the idle timeout, turning every failure into the API exception.</summary>
    private async Task<bool> NextAsync(IAsyncEnumerator<SseItem<StreamEvent>> events, ITimer idleTimer, OperationDeadline deadline, StreamState state, Uri uri)
    {
        idleTimer.Change(_options.IdleTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!deadline.CallerCancelled)
        {
            Result = state.ToReply();
            var what = deadline.Expired
                ? $"no end within the deadline of {deadline.Length.TotalSeconds:0.###}s"
                : $"no data for {_options.IdleTimeout.TotalSeconds:0.###}s";
            throw _transport.Error(_request, uri, ApiErrorKind.Timeout, $"{what}; {state.Length} characters received", null);
        }
        catch (ResponseLimitException ex)
        {
            Result = state.ToReply();
            throw _transport.Error(_request, uri, ApiErrorKind.InvalidResponse, ex.Describe($"an event of the stream (after {state.Length} characters)"), null);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            Result = state.ToReply();
            throw _transport.Error(_request, uri, ApiErrorKind.IncompleteResponse, $"the reply is incomplete: the connection dropped after {state.Length} characters", ex);
        }
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream ended as the idle timer fired.
        }
    }

    /// <summary>What the stream has delivered so far.</summary>
    private sealed class StreamState
    {
        private readonly StringBuilder? _text;
        private string? _conversationId;
        private string? _model;
        private long? _tokens;

        public StreamState(bool keepText)
        {
            _text = keepText ? new StringBuilder() : null;
        }

        public long Length { get; private set; }

        /// <summary>Characters held in memory: the whole reply when its text is kept, else none.</summary>
        public long Held => _text?.Length ?? 0;

        public bool Done { get; set; }

        /// <param name="chunk">The event's chunk as it is shown (redacted).</param>
        public void Take(StreamEvent item, string? chunk)
        {
            _conversationId = item.ConversationId ?? _conversationId;
            _model = item.Model ?? _model;
            _tokens = item.Tokens ?? _tokens;
            if (chunk is not null)
            {
                _text?.Append(chunk);
                Length += chunk.Length;
            }
        }

        public AgentReply ToReply() => new(_text?.ToString(), _conversationId, _model, _tokens, Done, Length, null);
    }
}
