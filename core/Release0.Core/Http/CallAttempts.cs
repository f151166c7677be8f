using Polly;

namespace Release0.Core.Http;

/// <summary>
/// One call's attempts as the retry pipeline runs them: what to send, how many were made, and
/// whether the server may have acted on the latest. Passed to the pipeline as its state, so the
/// attempt callback captures nothing.
/// </summary>
internal sealed class CallAttempts
{
    public CallAttempts(ApiTransport transport, ApiRequest request, Uri uri, HttpCompletionOption completion)
    {
        Transport = transport;
        Request = request;
        Uri = uri;
        Completion = completion;
    }

    public ApiTransport Transport { get; }

    public ApiRequest Request { get; }

    public Uri Uri { get; }

    public HttpCompletionOption Completion { get; }

    public int Count { get; set; }

    /// <summary>
    /// True from the moment an attempt is sent until the server answers it. A request that is not safe
    /// to repeat is retried only after answers that say nothing was done (429, 503, no connection), so
    /// a cancellation while this is false left the server untouched.
    /// </summary>
    public bool MayHaveActed { get; set; }

    /// <summary>When the latest attempt got its send slot from the connection's pace.</summary>
    public DateTimeOffset SentAt { get; set; }

    /// <summary>True while the call waits for its send slot, so a deadline passing then is told apart from a slow answer.</summary>
    public bool WaitingForPace { get; set; }

    /// <summary>The first attempt's outcome, made before the retry pipeline ran; that pipeline's first attempt returns it instead of sending again.</summary>
    public Outcome<HttpResponseMessage>? FirstOutcome { get; set; }

    public Outcome<HttpResponseMessage>? TakeFirstOutcome()
    {
        var first = FirstOutcome;
        FirstOutcome = null;
        return first;
    }
}
