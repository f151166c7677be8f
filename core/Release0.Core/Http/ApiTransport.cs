using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Release0.Core.Connection;
using Release0.Core.Diagnostics;
using Release0.Core.Http.Pacing;

namespace Release0.Core.Http;

/// <summary>
/// Sends requests through the retry pipeline and turns every failure into
/// <see cref="Release0ApiException"/>. Retry rules (DESIGN.md): 429 and 503 are retried on every
/// call, honouring the server's delay; 5xx, timeouts and dropped connections only when the request
/// is safe to repeat, because a resent start, continue or submit could act twice.
/// </summary>
internal sealed class ApiTransport : IDisposable
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private static readonly ResiliencePropertyKey<TimeSpan?> ServerDelayKey = new("release0.server-delay");
    private static readonly ResiliencePropertyKey<ApiRequest> RequestKey = new("release0.request");
    private static readonly ResiliencePropertyKey<OperationDeadline> DeadlineKey = new("release0.deadline");

    private readonly HttpClient _http;
    private readonly Release0ConnectionOptions _options;
    private readonly IRelease0Log _log;
    private readonly SecretRedactor _redactor;
    private readonly TimeProvider _time;
    private readonly IRelease0WaitObserver? _waits;
    private readonly ResiliencePipeline<HttpResponseMessage> _attempt;
    private readonly ResiliencePipeline<HttpResponseMessage>? _retries;
    private readonly RateGovernor _pace;
    private readonly FleetPace? _fleet;

    /// <summary>The Authorization header value, built once: every attempt sends the same.</summary>
    private readonly string? _authorization;

    public ApiTransport(Release0ConnectionOptions options, IRelease0Log log, SecretRedactor redactor, TimeProvider time, HttpMessageHandler? handler, IRelease0WaitObserver? waits)
    {
        _options = options;
        _log = log;
        _redactor = redactor;
        _time = time;
        _waits = waits;
        _authorization = options.ApiToken is { } token ? "Bearer " + token : null;
        _http = HttpClientFactory.Create(options, log, handler);
        _attempt = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddTimeout(options.AttemptTimeout).Build();
        _pace = new RateGovernor(time, options.MaxRate);
        _fleet = options.FleetPaceStore is { } store ? new FleetPace(store, _pace, time, _log) : null;
        _retries = BuildRetryPipeline();
    }

    public Release0ConnectionOptions Options => _options;

    public TimeProvider Time => _time;

    public IRelease0Log Log => _log;

    public SecretRedactor Redactor => _redactor;

    /// <summary>The one pace every call of this connection keeps.</summary>
    public RateGovernor Pace => _pace;

    /// <summary>Tells the front end about a wait it is about to see, redacted like every other message.</summary>
    public void NotifyWaiting(Release0WaitKind kind, string operation, string reason, TimeSpan delay) =>
        _waits?.Waiting(new Release0Wait(kind, _redactor.Redact(operation), _redactor.Redact(reason), delay));

    /// <summary>Sends the request and returns the parsed JSON body of a successful response, the token removed.</summary>
    public async Task<JsonElement> SendJsonAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        using var deadline = new OperationDeadline(_options.Deadline, _time, cancellationToken);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline).ConfigureAwait(false);
        return await JsonAnswerReader.ReadAsync(this, request, BuildUri(request), response, deadline).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the request and returns a successful response for the caller to read (and dispose).
    /// The caller owns <paramref name="deadline"/>, so it can keep covering a streamed body.
    /// </summary>
    /// <remarks>
    /// One async method for the span, the retries and the outcome rather than a layer for each, and a
    /// static attempt callback: every layer and closure costs an allocation and a continuation on
    /// each call, retried or not.
    /// </remarks>
    public async Task<HttpResponseMessage> SendAsync(ApiRequest request, HttpCompletionOption completion, OperationDeadline deadline)
    {
        // The URI is built once a call (a string and a parsed Uri): the span, every attempt and the error name the same one.
        var call = new CallAttempts(this, request, BuildUri(request), completion);
        using var span = CallTelemetry.Start(request, call.Uri, _redactor);
        try
        {
            var context = ResilienceContextPool.Shared.Get(deadline.Token);
            context.Properties.Set(RequestKey, request);
            context.Properties.Set(DeadlineKey, deadline);
            Outcome<HttpResponseMessage> outcome;
            try
            {
                // Most calls need no retry, so the first attempt runs under its timeout alone. Only when it
                // failed retryably does the retry pipeline run, taking that outcome as its own first
                // attempt: numbering, backoff, events and waits are those of one pipeline run.
                outcome = await PacedAttemptAsync(call, deadline.Token).ConfigureAwait(false);
                if (_retries is not null && ShouldRetry(context, outcome))
                {
                    call.FirstOutcome = outcome;
                    outcome = await _retries.ExecuteOutcomeAsync(static (ctx, state) => state.TakeFirstOutcome() is { } first ? new ValueTask<Outcome<HttpResponseMessage>>(first) : state.Transport.PacedAttemptAsync(state, ctx.CancellationToken), context, call).ConfigureAwait(false);
                }
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            if (outcome.Exception is { } exception)
            {
                throw Failure(call, exception, deadline);
            }

            var response = outcome.Result!;
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw await HttpError(request, call.Uri, response, call.Count, deadline).ConfigureAwait(false);
                }
            }

            span.Succeeded((int)response.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            span.Failed(ex);
            throw;
        }
    }

    public Uri BuildUri(ApiRequest request)
    {
        var root = _options.GetBaseUri(request.Surface).ToString();
        return new Uri(root.TrimEnd('/') + "/" + request.RelativePath);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Waits for the connection's pace, then makes one attempt under its timeout: the wait for a send slot
    /// is not part of the attempt, so a long queue never times an attempt out (which would make a submit's
    /// outcome unknown).
    /// </summary>
    private async ValueTask<Outcome<HttpResponseMessage>> PacedAttemptAsync(CallAttempts call, CancellationToken token)
    {
        try
        {
            call.WaitingForPace = true;
            if (_fleet is not null)
            {
                await _fleet.BeforeSendAsync(token).ConfigureAwait(false);
            }

            call.SentAt = await _pace.WaitTurnAsync(static (c, reason, delay) => c.Transport.NotifyWaiting(Release0WaitKind.Pace, c.Request.Operation, reason, delay), call, token).ConfigureAwait(false);
            call.WaitingForPace = false;
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }

        var context = ResilienceContextPool.Shared.Get(token);
        try
        {
            return await _attempt.ExecuteOutcomeAsync(static (ctx, state) => state.Transport.AttemptAsync(state, ctx.CancellationToken), context, call).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One HTTP attempt; its failure is returned as the outcome for the retry strategy to judge.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(CallAttempts call, CancellationToken token)
    {
        var request = call.Request;
        var attempt = ++call.Count;
        call.MayHaveActed = true;
        try
        {
            CallTelemetry.AttemptStarted(attempt);
            using var message = new HttpRequestMessage(request.Method, call.Uri);

            // Raw header values, checked already (the token is printable ASCII by validation): nothing to parse or format per attempt.
            message.Headers.TryAddWithoutValidation("Accept", request.Accept);
            if (_authorization is { } authorization)
            {
                message.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            if (request.JsonBody is { } body)
            {
                message.Content = new ByteArrayContent(body);
                message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-8");
                if (_log.IsEnabled(Release0LogLevel.Debug))
                {
                    _log.Write(Release0LogLevel.Debug, $"{request.Method} {call.Uri} request body: {Encoding.UTF8.GetString(body)}");
                }
            }

            var started = Stopwatch.GetTimestamp();
            var response = await _http.SendAsync(message, call.Completion, token).ConfigureAwait(false);
            _pace.Observe(response, call.SentAt);
            if (_log.IsEnabled(Release0LogLevel.Verbose))
            {
                var elapsed = (long)((Stopwatch.GetTimestamp() - started) * 1000.0 / Stopwatch.Frequency);
                _log.Write(Release0LogLevel.Verbose, $"{request.Method} {call.Uri} -> {(int)response.StatusCode} {response.ReasonPhrase} in {elapsed} ms (attempt {attempt})");
            }

            call.MayHaveActed = false;
            return Outcome.FromResult(response);
        }
        catch (HttpRequestException ex) when (NothingWasSent(ex))
        {
            call.MayHaveActed = false;
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
        catch (Exception ex)
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
    }

    /// <summary>Retries (each attempt paced, then under its timeout); none when no retries are wanted (Polly requires at least one).</summary>
    private ResiliencePipeline<HttpResponseMessage>? BuildRetryPipeline()
    {
        if (_options.MaxRetries == 0)
        {
            return null;
        }

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };

        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = _options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryBaseDelay,
            MaxDelay = _options.RetryMaxDelay,
            ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context, args.Outcome)),

            // The server's own delay, when it gave one, replaces the computed backoff.
            DelayGenerator = args => new ValueTask<TimeSpan?>(
                args.Context.Properties.GetValue(ServerDelayKey, null)),
            OnRetry = args =>
            {
                var request = args.Context.Properties.GetValue(RequestKey, null!);
                var reason = args.Outcome.Exception is { } ex ? ex.GetType().Name : $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                CallTelemetry.RetryScheduled(request.Operation, args.AttemptNumber + 1, args.Outcome.Result, args.Outcome.Exception, args.RetryDelay);
                _log.Write(Release0LogLevel.Verbose, $"{request.Operation}: attempt {args.AttemptNumber + 1} failed ({reason}); retrying in {args.RetryDelay.TotalMilliseconds:0} ms");
                NotifyWaiting(Release0WaitKind.Retry, request.Operation, $"attempt {args.AttemptNumber + 1} of {_options.MaxRetries + 1} failed ({RetryReason(args.Outcome)})", args.RetryDelay);
                return default;
            },
        });
        return builder.Build();
    }

    private bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        // Most calls succeed: decide those before touching the property bag.
        if (outcome.Result is { IsSuccessStatusCode: true })
        {
            return false;
        }

        context.Properties.Set(ServerDelayKey, null);
        var request = context.Properties.GetValue(RequestKey, null!);
        var deadline = context.Properties.GetValue(DeadlineKey, null!);
        if (deadline.Token.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                TimeoutRejectedException => request.SafeToRepeat,
                HttpRequestException http => request.SafeToRepeat || NothingWasSent(http),
                _ => false,
            };
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        var retryable = status is 429 or 503 || (request.SafeToRepeat && status is 408 or >= 500);
        if (!retryable)
        {
            return false;
        }

        if (ServerRetryDelay.From(response, _time.GetUtcNow()) is { } serverDelay)
        {
            // Waiting longer than the deadline allows would only end in a timeout; fail now with the server's answer.
            if (serverDelay >= deadline.Remaining)
            {
                return false;
            }

            context.Properties.Set(ServerDelayKey, serverDelay);
        }

        return true;
    }

    private static bool NothingWasSent(HttpRequestException exception)
    {
#if NET8_0_OR_GREATER
        // The connection was never established, so the server cannot have acted on the request.
        return exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
#else
        return false;
#endif
    }

    /// <summary>What a failed attempt is reported as: a cancellation that reached nothing, or the translated error.</summary>
    private Exception Failure(CallAttempts call, Exception exception, OperationDeadline deadline) =>
        exception is OperationCanceledException cancelled && !deadline.Expired && !call.MayHaveActed && !call.Request.SafeToRepeat
            ? new NotSentCanceledException(cancelled)
            : exception is OperationCanceledException && deadline.Expired && call.WaitingForPace
            ? PaceDeadline(call, exception, deadline)
            : Translate(call.Request, call.Uri, exception, deadline, call.Count);

    /// <summary>The deadline passed while the call waited for the platform's limit: nothing was sent in that wait.</summary>
    private Release0ApiException PaceDeadline(CallAttempts call, Exception exception, OperationDeadline deadline)
    {
        var error = Error(call.Request, call.Uri, ApiErrorKind.Timeout, $"still waiting for the platform's rate limit at the deadline of {Seconds(deadline.Length)} ({_pace.Report()}); nothing more was sent", exception, retryAfter: _pace.Backlog(), attempts: call.Count);
        error.NothingSent = !call.MayHaveActed;
        error.Throttled = true;
        return error;
    }

    private Exception Translate(ApiRequest request, Uri uri, Exception exception, OperationDeadline deadline, int attempts)
    {
        switch (exception)
        {
            case OperationCanceledException when deadline.Expired:
                return Error(request, uri, ApiErrorKind.Timeout, $"no answer within the deadline of {Seconds(deadline.Length)}", exception, attempts: attempts);
            case OperationCanceledException:
                return exception;
            case TimeoutRejectedException:
                var hint = request.SafeToRepeat ? string.Empty : " (not retried: the server may have acted on it)";
                return Error(request, uri, ApiErrorKind.Timeout, $"no answer within the attempt timeout of {Seconds(_options.AttemptTimeout)}{hint}", exception, attempts: attempts);
            case HttpRequestException http when NothingWasSent(http):
                var refused = Error(request, uri, ApiErrorKind.Network, $"could not connect: {ApiErrorParser.OneLine(Innermost(exception).Message)}; nothing was sent", exception, attempts: attempts);
                refused.NothingSent = true;
                return refused;
            case HttpRequestException:
                var what = request.SafeToRepeat ? string.Empty : " (not retried: the server may have acted on it)";
                return Error(request, uri, ApiErrorKind.Network, $"connection failed or dropped: {ApiErrorParser.OneLine(Innermost(exception).Message)}{what}", exception, attempts: attempts);
            default:
                return exception;
        }
    }

    private async Task<Release0ApiException> HttpError(ApiRequest request, Uri uri, HttpResponseMessage response, int attempts, OperationDeadline deadline)
    {
        var status = (int)response.StatusCode;
        if (SameOriginRedirectHandler.Refusal(uri, response) is { } refusal)
        {
            return Error(request, uri, ApiErrorKind.Http, $"HTTP {status}: {refusal}", null, status, attempts: attempts);
        }

        string body;
        try
        {
            body = Encoding.UTF8.GetString(await BoundedContent.ReadStartAsync(response.Content, MaxErrorBodyBytes, deadline.Token).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !deadline.CallerCancelled))
        {
            // The status alone is still worth reporting.
            body = string.Empty;
        }

        var parsed = ApiErrorParser.Parse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        var retryAfter = ServerRetryDelay.From(response, _time.GetUtcNow());
        var text = new StringBuilder().Append("HTTP ").Append(status);
        if (parsed.Code is { } code)
        {
            text.Append(' ').Append(code);
        }

        if (parsed.Message is { } message)
        {
            text.Append(": ").Append(ApiErrorParser.OneLine(message));
        }

        if (retryAfter is { } wait && status is 429 or 503)
        {
            text.Append($" (server asked to retry after {Seconds(wait)})");
        }

        if (status == 401 && _options.ApiToken is null)
        {
            text.Append($" (no API token was sent: set {Release0ConnectionOptions.TokenVariable} or give the token to the tool, e.g. --token or Connect-Release0 -ApiToken)");
        }

        var error = Error(request, uri, ApiErrorKind.Http, text.ToString(), null, status, parsed.Code, parsed.Message, parsed.Details, retryAfter, attempts);
        error.Throttled = status == 429 || (status == 503 && retryAfter is not null);
        return error;
    }

    /// <summary>Builds the API exception with a redacted one-line message naming operation and request.</summary>
    internal Release0ApiException Error(
        ApiRequest request,
        Uri uri,
        ApiErrorKind kind,
        string what,
        Exception? inner,
        int? statusCode = null,
        string? code = null,
        string? apiMessage = null,
        JsonElement? details = null,
        TimeSpan? retryAfter = null,
        int attempts = 1)
    {
        var tries = attempts > 1 ? $", after {attempts} attempts" : string.Empty;
        var message = _redactor.Redact($"{request.Operation} failed: {what} ({request.Method} {uri}{tries})");
        return new Release0ApiException(
            kind,
            request.Operation,
            request.Method,
            uri,
            message,
            statusCode,
            code is null ? null : _redactor.Redact(code),
            apiMessage is null ? null : _redactor.Redact(apiMessage),
            details is { } sent ? _redactor.Redact(sent) : null,
            retryAfter,
            attempts,
            inner is null ? null : new RedactedInnerException(_redactor.Redact(inner.Message), inner.GetType().Name));
    }

    private static string RetryReason(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => $"HTTP {(int)outcome.Result!.StatusCode} {outcome.Result.ReasonPhrase}".TrimEnd(),
        TimeoutRejectedException => "no answer within the attempt timeout",
        { } ex => ApiErrorParser.OneLine(Innermost(ex).Message),
    };

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds:0.###}s";
}
