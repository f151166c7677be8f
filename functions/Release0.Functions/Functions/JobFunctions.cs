using Microsoft.Azure.Functions.Worker;
using Release0.Core.Jobs;
using Release0.Functions.Hosting;
using Release0.Functions.Adapters;

namespace Release0.Functions.Functions;

/// <summary>
/// The four functions. Each hands its message to the core's job workflow, which decides everything:
/// a malformed message is recorded under rejected/ and returns normally (not retried); a transient
/// failure throws, so the host retries it and, after maxDequeueCount, moves it to the poison queue.
/// </summary>
public sealed class JobFunctions
{
    private readonly JobWorkflow _workflow;
    private readonly BlobDefinitionSource _definitions;
    private readonly TimeProvider _time;

    public JobFunctions(JobWorkflow workflow, BlobDefinitionSource definitions, TimeProvider time)
    {
        _workflow = workflow;
        _definitions = definitions;
        _time = time;
    }

    [Function("BatchRequests")]
    public Task BatchRequests([QueueTrigger(JobQueues.BatchRequests)] string message, CancellationToken cancellationToken) =>
        _workflow.HandleBatchRequestAsync(message, cancellationToken);

    [Function("BatchPolls")]
    public Task BatchPolls([QueueTrigger(JobQueues.BatchPolls)] string message, CancellationToken cancellationToken) =>
        _workflow.HandleBatchPollAsync(message, cancellationToken);

    [Function("AgentEvents")]
    public Task AgentEvents([QueueTrigger(JobQueues.AgentEvents)] string message, CancellationToken cancellationToken) =>
        _workflow.HandleAgentEventAsync(message, cancellationToken);

    [Function("ScheduledJobs")]
    public Task ScheduledJobs([TimerTrigger("%" + JobHostSettings.ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        _workflow.EnqueueDueJobsAsync(_definitions, _time.GetUtcNow(), cancellationToken);
}
