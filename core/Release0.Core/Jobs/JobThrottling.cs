using System.Text.Json.Nodes;
using Release0.Core.Http;
using Release0.Core.Jobs.Results;
using Release0.Core.Timing;

namespace Release0.Core.Jobs;

/// <summary>
/// Throttling is not failure: a call the platform refused for its rate limit created nothing, so its
/// message waits in the queue and comes back, without using up one of the host's delivery attempts
/// (which would end in poison), until the job's own deadline.
/// </summary>
internal sealed class JobThrottling
{
    private readonly ApiTransport _transport;
    private readonly IJobQueue _queue;

    public JobThrottling(ApiTransport transport, IJobQueue queue)
    {
        _transport = transport;
        _queue = queue;
    }

    /// <summary>How long the message waits: the platform's delay, or the connection's queue of calls, whichever is longer.</summary>
    public TimeSpan DelayFor(Release0ApiException error)
    {
        var delay = error.ThrottledWait;
        var backlog = _transport.Pace.Backlog();
        return backlog > delay ? backlog : delay;
    }

    /// <summary>True when waiting <paramref name="delay"/> would pass the deadline: the job ends timed out instead.</summary>
    public bool PastDeadline(TimeSpan delay, DateTimeOffset deadline) => _transport.Time.GetUtcNow() + delay >= deadline;

    /// <summary>Puts the message back to be delivered after <paramref name="delay"/>, and says so as a wait for the limit.</summary>
    public Task ComeBackAsync(string queue, string message, string what, TimeSpan delay, CancellationToken cancellationToken)
    {
        _transport.NotifyWaiting(Release0WaitKind.Pace, what, "the platform's rate limit", delay);
        return _queue.EnqueueAsync(queue, message, delay, cancellationToken);
    }

    /// <summary>
    /// Waits <paramref name="delay"/> where the work is, and says so as a wait for the limit: for a call whose
    /// message cannot come back without losing what it holds (a conversation under way).
    /// </summary>
    public Task WaitInPlaceAsync(string what, TimeSpan delay, CancellationToken cancellationToken)
    {
        _transport.NotifyWaiting(Release0WaitKind.Pace, what, "the platform's rate limit", delay);
        return TimeProviderDelay.Delay(_transport.Time, delay, cancellationToken);
    }

    /// <summary>
    /// The request with its deadline written in, so a message that comes back keeps the deadline of its first
    /// delivery, and with the claim attempt it handed back (<paramref name="releasedAttempt"/>), so its next
    /// delivery claims the next attempt directly.
    /// </summary>
    public static string WithDeadline(string message, DateTimeOffset deadline, int? releasedAttempt = null)
    {
        var root = JsonNode.Parse(message)!.AsObject();
        if (root.ContainsKey("deadline") && releasedAttempt is null)
        {
            return message;
        }

        if (!root.ContainsKey("deadline"))
        {
            root["deadline"] = deadline.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (releasedAttempt is { } attempt)
        {
            root["releasedAttempt"] = attempt;
        }

        return root.ToJsonString();
    }

    /// <summary>Why a job ended timed out while the platform kept refusing it.</summary>
    public static JobError KeptRefusing(Release0ApiException error, DateTimeOffset deadline) => new()
    {
        Kind = "Throttled",
        Status = error.StatusCode,
        Code = error.ErrorCode,
        Message = $"The platform kept refusing calls for its rate limit until the deadline {deadline:O}.",
        Detail = error.Message,
        Reason = "Nothing was created: the platform answered every try with its rate limit. Send it again later, or with a later deadline.",
    };
}
