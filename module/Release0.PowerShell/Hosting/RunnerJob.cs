using Release0.PowerShell.Decisions;

namespace Release0.PowerShell.Hosting;

/// <summary>One job of a <see cref="BatchJobRunner"/>: to submit from a plan, or already submitted.</summary>
internal sealed class RunnerJob
{
    public RunnerJob(PlannedJob plan)
    {
        Plan = plan;
        UserProfileId = plan.Request.UserProfileId;
        AgentId = plan.Request.AgentId;
        RowIds = plan.RowIds;
    }

    public RunnerJob(string batchJobId, string userProfileId, IReadOnlyList<string> rowIds)
    {
        BatchJobId = batchJobId;
        UserProfileId = userProfileId;
        RowIds = rowIds;
    }

    /// <summary>What to submit; null for a job submitted earlier.</summary>
    public PlannedJob? Plan { get; }

    /// <summary>Set once the job exists.</summary>
    public string? BatchJobId { get; set; }

    public string UserProfileId { get; }

    /// <summary>Known for a job submitted here, so its wait can follow the agent's history.</summary>
    public string? AgentId { get; }

    public IReadOnlyList<string> RowIds { get; }
}
