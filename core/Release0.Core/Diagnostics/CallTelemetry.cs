using System.Diagnostics;
using Polly.Timeout;
using Release0.Core.Http;

namespace Release0.Core.Diagnostics;

/// <summary>
/// One client span and the call metrics per platform call (all its attempts), following
/// OpenTelemetry's HTTP client conventions. Nothing here reads headers or bodies, so the token
/// cannot reach a tag; the path is redacted all the same.
/// </summary>
internal static class CallTelemetry
{
    /// <summary>Starts the call's span (none when nobody listens); the caller reports how the call ended.</summary>
    public static CallSpan Start(ApiRequest request, Uri uri, SecretRedactor redactor)
    {
        // The span's name is only built when someone listens: most processes have no tracer.
        var activity = Release0Telemetry.Source.HasListeners()
            ? Release0Telemetry.Source.StartActivity($"{request.Method.Method} {request.Operation}", ActivityKind.Client)
            : null;
        if (activity is not null)
        {
            var path = redactor.Redact(uri.AbsolutePath);
            activity.SetTag(TelemetryNames.Method, request.Method.Method);
            activity.SetTag(TelemetryNames.ServerAddress, uri.Host);
            activity.SetTag(TelemetryNames.ServerPort, uri.Port);
            activity.SetTag(TelemetryNames.UrlPath, path);
            activity.SetTag(TelemetryNames.UrlFull, $"{uri.Scheme}://{uri.Authority}{path}");
            activity.SetTag(TelemetryNames.Operation, request.Operation);
            activity.SetTag(TelemetryNames.Attempts, 0);
        }

        return new CallSpan(activity, request, uri, Stopwatch.GetTimestamp());
    }

    /// <summary>Counts an attempt on the current call's span.</summary>
    public static void AttemptStarted(int attempt)
    {
        if (Current() is { } activity)
        {
            activity.SetTag(TelemetryNames.Attempts, attempt);
            if (attempt > 1)
            {
                activity.SetTag(TelemetryNames.ResendCount, attempt - 1);
            }
        }
    }

    /// <summary>A retry is about to wait: an event on the call's span and one on the retry counter.</summary>
    public static void RetryScheduled(string operation, int failedAttempt, HttpResponseMessage? response, Exception? exception, TimeSpan delay)
    {
        var errorType = exception is not null ? ErrorType(exception) : ((int)response!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Release0Metrics.Retries.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Operation, operation), new KeyValuePair<string, object?>(TelemetryNames.ErrorType, errorType));
        Current()?.AddEvent(new ActivityEvent(TelemetryNames.RetryEvent, tags: new ActivityTagsCollection
        {
            [TelemetryNames.Attempt] = failedAttempt,
            [TelemetryNames.ErrorType] = errorType,
            [TelemetryNames.RetryDelay] = (long)delay.TotalMilliseconds,
        }));
    }

    /// <summary>OpenTelemetry's <c>error.type</c>: the status code for HTTP errors, a short kind otherwise.</summary>
    public static string ErrorType(Exception exception) => exception switch
    {
        Release0ApiException { Kind: ApiErrorKind.Http, StatusCode: { } status } => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Release0ApiException api => api.Kind switch
        {
            ApiErrorKind.Timeout => "timeout",
            ApiErrorKind.Network => "network",
            ApiErrorKind.InvalidResponse => "invalid_response",
            ApiErrorKind.StreamError => "stream_error",
            ApiErrorKind.IncompleteResponse => "incomplete_response",
            _ => api.Kind.ToString(),
        },
        TimeoutRejectedException => "timeout",
        OperationCanceledException => "cancelled",
        _ => exception.GetType().FullName ?? exception.GetType().Name,
    };

    private static Activity? Current() =>
        Activity.Current is { Kind: ActivityKind.Client } activity && activity.Source == Release0Telemetry.Source ? activity : null;

    /// <summary>Ends the call's metrics and tags its span: only successful responses come back; every failure is thrown.</summary>
    internal static void Finish(Activity? activity, ApiRequest request, Uri uri, long started, int? status, string? errorType, string? description)
    {
        var seconds = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
        var tags = new TagList
        {
            { TelemetryNames.Operation, request.Operation },
            { TelemetryNames.Method, request.Method.Method },
            { TelemetryNames.ServerAddress, uri.Host },
        };
        if (status is { } code)
        {
            tags.Add(TelemetryNames.StatusCode, code);
            activity?.SetTag(TelemetryNames.StatusCode, code);
        }

        if (errorType is not null)
        {
            tags.Add(TelemetryNames.ErrorType, errorType);
            activity?.SetTag(TelemetryNames.ErrorType, errorType);
            activity?.SetStatus(ActivityStatusCode.Error, description);
        }

        Release0Metrics.Calls.Add(1, tags);
        Release0Metrics.CallDuration.Record(seconds, tags);
    }
}
