namespace Release0.Core.Http;

/// <summary>What the core is about to wait for.</summary>
public enum Release0WaitKind
{
    /// <summary>A pause before retrying a failed attempt.</summary>
    Retry,

    /// <summary>The interval before polling a batch job again.</summary>
    Poll,

    /// <summary>A pause the agent itself asked for (a chat <c>wait</c> action).</summary>
    AgentWait,

    /// <summary>The interval before looking again at a job that another run, still running, has claimed.</summary>
    Claim,

    /// <summary>The platform's rate limit: a call waits for its turn under the connection's pace, or for the pause the platform asked for.</summary>
    Pace,
}

/// <summary>A wait the core is about to start: what for, why, and how long.</summary>
public sealed class Release0Wait
{
    public Release0Wait(Release0WaitKind kind, string operation, string reason, TimeSpan delay)
    {
        Kind = kind;
        Operation = operation;
        Reason = reason;
        Delay = delay;
    }

    public Release0WaitKind Kind { get; }

    /// <summary>The operation that waits, e.g. <c>start chat</c> or <c>batch b_1</c>.</summary>
    public string Operation { get; }

    /// <summary>Why, e.g. <c>HTTP 429</c> or <c>still pending after 3 polls</c>.</summary>
    public string Reason { get; }

    public TimeSpan Delay { get; }

    /// <summary>
    /// Long enough for a person to notice: shorter pauses (a quick retry, the spacing of calls under the
    /// connection's pace) are not worth a line of their own, in any front end.
    /// </summary>
    public bool IsNoticeable => Delay >= NoticeableFrom;

    private static readonly TimeSpan NoticeableFrom = TimeSpan.FromSeconds(2);

    public override string ToString()
    {
        var length = Delay.TotalSeconds >= 10 ? $"{Delay.TotalSeconds:0}s" : $"{Delay.TotalSeconds:0.#}s";
        return Kind switch
        {
            Release0WaitKind.Retry => $"{Operation}: {Reason}; retrying in {length}",
            Release0WaitKind.Poll => $"{Operation}: {Reason}; next poll in {length}",
            _ => $"{Operation}: {Reason}; waiting {length}",
        };
    }
}

/// <summary>
/// Told before every wait (retry backoff, poll interval, agent-requested pause), so a front end can
/// show that nothing is stuck. The core never decides how that looks: a console line, a progress
/// record, nothing. Messages are already redacted when they arrive.
/// </summary>
public interface IRelease0WaitObserver
{
    void Waiting(Release0Wait wait);
}
