namespace Release0.Core.Jobs;

/// <summary>
/// Tells whether the run that wrote a claim is still running, where the store can know it (a local
/// folder). Without one, as in the Functions app whose instances share no machine, a claim is waited
/// for until its lease ends.
/// </summary>
internal interface IRunLiveness
{
    /// <summary>This run's id, written into every claim it makes.</summary>
    string RunId { get; }

    RunState StateOf(string runId);
}

internal enum RunState
{
    Alive,

    /// <summary>The run has ended, however it ended: its claims will never get an outcome from it.</summary>
    Stopped,

    /// <summary>It cannot be told (a lock that cannot be opened): fall back on the lease.</summary>
    Unknown,
}
