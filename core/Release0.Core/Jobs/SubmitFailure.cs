using Release0.Core.Http;

namespace Release0.Core.Jobs;

/// <summary>What a failed start (a batch submit, the first turn of a conversation) means for sending it again.</summary>
internal enum SubmitFailureKind
{
    /// <summary>The platform refused the request (a 4xx): sending it again would not help.</summary>
    Refused,

    /// <summary>The platform did not act on it (429, 503, 408, or no connection was ever made): safe to send again.</summary>
    NotActedOn,

    /// <summary>The platform may have acted on it (500, 502, 504, a timeout, a connection dropped after sending, a 2xx without an id).</summary>
    Ambiguous,
}

/// <summary>
/// Sorts failed non-repeatable calls by whether the platform may have acted on them. This is the one
/// place that reads the transport's errors for that purpose.
/// </summary>
internal static class SubmitFailure
{
    public static SubmitFailureKind Classify(Release0ApiException error) => error.Kind switch
    {
        _ when error.Throttled => SubmitFailureKind.NotActedOn,
        ApiErrorKind.Http when error.StatusCode is 408 or 429 or 503 => SubmitFailureKind.NotActedOn,
        ApiErrorKind.Http when error.StatusCode is >= 400 and < 500 => SubmitFailureKind.Refused,
        ApiErrorKind.Network when error.NothingSent => SubmitFailureKind.NotActedOn,
        _ => SubmitFailureKind.Ambiguous,
    };

    /// <summary>True when the job should be handed back for another try rather than ended.</summary>
    public static bool ShouldRetry(Release0ApiException error, SubmitPolicy policy) => Classify(error) switch
    {
        SubmitFailureKind.NotActedOn => true,
        SubmitFailureKind.Ambiguous => policy == SubmitPolicy.AtLeastOnce,
        _ => false,
    };

    /// <summary>Why a job ended without a retry, for its result document.</summary>
    public static string Reason(Release0ApiException error) => Classify(error) == SubmitFailureKind.Ambiguous
        ? AmbiguousReason
        : "The platform refused the request; sending it again would fail the same way.";

    /// <summary>Why a start after which the platform may have acted is not sent again.</summary>
    public const string AmbiguousReason = "Not resent: the platform may have acted on the request before it failed, and sending it again could run the job twice. Check the platform; to send it once more anyway, resend it deliberately (jobs run --at-least-once, or the message with \"resendUnknown\": true), or submit it with a new id.";
}
