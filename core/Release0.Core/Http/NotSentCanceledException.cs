namespace Release0.Core.Http;

/// <summary>
/// A call cancelled while none of its attempts could have reached the server: before the first one,
/// or while waiting to retry an answer the server gave without acting (429, 503, no connection).
/// Still an <see cref="OperationCanceledException"/>, so everything that handles cancellation handles it;
/// the job workflow reads it to hand a claimed job back instead of leaving its outcome unknown.
/// </summary>
internal sealed class NotSentCanceledException : OperationCanceledException
{
    public NotSentCanceledException(OperationCanceledException cancelled)
        : base("The call was cancelled before the server could have acted on it.", cancelled, cancelled.CancellationToken)
    {
    }
}
