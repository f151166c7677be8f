namespace Release0.Core.Jobs;

/// <summary>The queue names of the job workflow (each at most 56 characters, so the host can add "-poison").</summary>
public static class JobQueues
{
    public const string BatchRequests = "release0-batch-requests";
    public const string BatchPolls = "release0-batch-polls";
    public const string AgentEvents = "release0-agent-events";
}
