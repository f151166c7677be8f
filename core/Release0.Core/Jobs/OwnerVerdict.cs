namespace Release0.Core.Jobs;

/// <summary>What another delivery's claim means for this one.</summary>
internal enum OwnerVerdict
{
    /// <summary>The owner may still record an outcome: looked at again later.</summary>
    Waiting,

    /// <summary>The owner's run has stopped: its outcome is unknown now.</summary>
    Stopped,

    /// <summary>No run could be asked, and the lease ended without an outcome.</summary>
    LeaseEnded,

    /// <summary>This run's own claim, whose delivery ended without an outcome: its outcome is unknown now.</summary>
    OwnRun,
}
