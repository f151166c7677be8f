using System.Management.Automation;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>
/// Collects messages from the pipeline and submits them as one batch job when the pipeline ends
/// (or, with -PerMessage, one job per message, submitted with bounded concurrency).
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "BatchMessage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(BatchMessageJob), typeof(BatchMessageResult))]
public sealed class SubmitBatchMessageCommand : Release0Cmdlet
{
    private readonly List<string> _messages = [];
    private int _notText;

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AgentIdCompleter))]
    public string AgentId { get; set; } = string.Empty;

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string ProjectEnvId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string UserProfileId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [PipelineText]
    public string[] Message { get; set; } = [];

    [Parameter]
    public string? ChatSessionId { get; set; }

    [Parameter]
    public string? ExternalChatSessionId { get; set; }

    [Parameter]
    public string? ExternalUserId { get; set; }

    /// <summary>Entity filters as JSON, e.g. '{"includeEntities":"filtered","entityFilters":[{"entityId":"tickets"}]}'.</summary>
    [Parameter]
    public string? Filters { get; set; }

    /// <summary>Send messages as a JSON array instead of a string holding one.</summary>
    [Parameter]
    public SwitchParameter MessagesAsArray { get; set; }

    /// <summary>One job per message instead of one job for all.</summary>
    [Parameter]
    public SwitchParameter PerMessage { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>Wait for each job's result, with progress.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    protected override void ProcessRecord()
    {
        // A piped object without a Message property would otherwise be sent as its ToString(), e.g. "@{Name=x}".
        if (Message.Select(PipelineText.Refused).FirstOrDefault(t => t is not null) is { } refused)
        {
            WriteError(ToRecord(ErrorMapper.NotText(refused)));
            _notText++;
            return;
        }
        _messages.AddRange(Message);
    }

    protected override void EndProcessing()
    {
        // One job stands for all its messages: it is not sent without some of them.
        if (_notText > 0 && (!PerMessage || _messages.Count == 0))
        {
            WriteWarning($"Nothing was submitted: {_notText} piped {(_notText == 1 ? "object is" : "objects are")} not message text.{(PerMessage ? string.Empty : " Fix the input, or add -PerMessage to submit the rest one job each.")}");
            return;
        }
        var builder = new BatchRequestBuilder
        {
            AgentId = AgentId,
            ProjectEnvId = ProjectEnvId,
            UserProfileId = UserProfileId,
            ChatSessionId = ChatSessionId,
            ExternalChatSessionId = ExternalChatSessionId,
            ExternalUserId = ExternalUserId,
            FiltersJson = Filters,
            MessagesAsArray = MessagesAsArray,
        };
        IReadOnlyList<BatchRequest> requests;
        try
        {
            requests = builder.Build(_messages, PerMessage);

            // One job for everything cannot go on if it is invalid; with -PerMessage each job is
            // validated on its own and a bad one becomes a non-terminating error.
            if (!PerMessage)
            {
                requests[0].Validate();
            }
        }
        catch (Release0ConfigurationException ex)
        {
            ThrowFailure(ex, AgentId);
            return;
        }

        var approved = requests.Where(r => ShouldProcess(BatchRequestBuilder.Describe(r), "Submit batch message job")).ToList();
        if (approved.Count == 0)
        {
            return;
        }

        var batches = new BatchClient(GetConnection("Submitting a batch"));
        var outcomes = Run(token => new BulkBatchSubmitter(batches).SubmitAllAsync(approved, ThrottleLimit, null, token));
        foreach (var outcome in outcomes)
        {
            if (outcome.Submission is not { } submission)
            {
                WriteFailure(outcome.Error!, BatchRequestBuilder.Describe(outcome.Request));
                continue;
            }

            CompletionHistory.Remember(CompletionKind.AgentId, AgentId);
            CompletionHistory.Remember(CompletionKind.BatchJobId, submission.BatchJobId, AgentId);
            var job = new BatchMessageJob(submission.BatchJobId, UserProfileId, AgentId, outcome.Request.Messages.Count, DateTimeOffset.Now);
            if (!Wait)
            {
                WriteObject(job);
                continue;
            }

            WaitForBatch(batches, job.BatchJobId, UserProfileId, TimeSpan.FromSeconds(TimeoutSec), AgentId);
        }
    }
}
