using System.Globalization;
using System.Management.Automation;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Hosting;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>
/// Submits messages as batch jobs. Each pipeline record brings its own agent, project environment,
/// user and session (a value on the command line applies to every record). By default the records are
/// collected and submitted when the pipeline ends, one job per distinct agent, project environment,
/// user and session; with -PerMessage each message is submitted as its record arrives. With -Wait
/// all jobs are waited for together and each result is written as its job ends.
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "BatchMessage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(BatchMessageJob), typeof(BatchMessageResult))]
public sealed class SubmitBatchMessageCommand : PlatformCmdlet
{
    private readonly List<BatchRow> _rows = [];
    private BatchRequestBuilder? _builder;
    private BatchJobRunner? _runner;
    private int _records;
    private int _notText;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AgentIdCompleter))]
    public string AgentId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string ProjectEnvId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string UserProfileId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    [PipelineText]
    public string[] Message { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ChatSessionId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ExternalChatSessionId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ExternalUserId { get; set; }

    /// <summary>The row's own id, carried to its job and result (the row's position from 0 when absent).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    public string? RowId { get; set; }

    /// <summary>Entity filters as JSON, e.g. '{"includeEntities":"filtered","entityFilters":[{"entityId":"tickets"}]}'.</summary>
    [Parameter]
    public string? Filters { get; set; }

    /// <summary>Send messages as a JSON array instead of a string holding one.</summary>
    [Parameter]
    public SwitchParameter MessagesAsArray { get; set; }

    /// <summary>One job per message, submitted as its record arrives, instead of one job per user and session.</summary>
    [Parameter]
    public SwitchParameter PerMessage { get; set; }

    /// <summary>Submits, and polls, in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    /// <summary>Wait for every job's result, all jobs together, with one progress bar.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    protected override void BeginProcessing()
    {
        _builder = new BatchRequestBuilder { FiltersJson = Filters, MessagesAsArray = MessagesAsArray };
    }

    protected override void ProcessRecord()
    {
        var index = _records++;

        // A piped object without a Message property would otherwise be sent as its ToString(), e.g. "@{Name=x}".
        if (Message.Select(PipelineText.Refused).FirstOrDefault(t => t is not null) is { } refused)
        {
            WriteError(ToRecord(ErrorMapper.NotText(refused)));
            _notText++;
            return;
        }

        var row = new BatchRow
        {
            RowId = string.IsNullOrEmpty(RowId) ? index.ToString(CultureInfo.InvariantCulture) : RowId!,
            AgentId = AgentId,
            ProjectEnvId = ProjectEnvId,
            UserProfileId = UserProfileId,
            ExternalUserId = ExternalUserId,
            ChatSessionId = ChatSessionId,
            ExternalChatSessionId = ExternalChatSessionId,
            Messages = Message.ToList(),
        };
        if (!PerMessage)
        {
            _rows.Add(row);
            return;
        }

        // With -PerMessage each job is validated on its own when submitted; a bad one is a non-terminating error.
        foreach (var job in Plan([row]))
        {
            if (ShouldProcess(BatchRequestBuilder.Describe(job.Request), "Submit batch message job"))
            {
                AddBatchJob(_runner ??= StartRunner(), new RunnerJob(job));
            }
        }
    }

    protected override void EndProcessing()
    {
        if (PerMessage)
        {
            if (_runner is not null)
            {
                FinishBatchRunner(_runner);
            }

            return;
        }

        // A job stands for all its messages: it is not sent without some of them.
        if (_notText > 0)
        {
            WriteWarning($"Nothing was submitted: {_notText} piped {(_notText == 1 ? "object is" : "objects are")} not message text. Fix the input, or add -PerMessage to submit the rest one job each.");
            return;
        }

        // Like other cmdlets, nothing in means nothing done.
        if (_rows.Count == 0)
        {
            return;
        }

        var jobs = Plan(_rows);
        try
        {
            foreach (var job in jobs)
            {
                job.Request.Validate();
            }
        }
        catch (Release0ConfigurationException ex)
        {
            ThrowFailure(ex, _rows[0].AgentId);
        }

        var approved = jobs.Where(j => ShouldProcess(BatchRequestBuilder.Describe(j.Request), "Submit batch message job")).ToList();
        if (approved.Count == 0)
        {
            return;
        }

        var runner = StartRunner();
        foreach (var job in approved)
        {
            AddBatchJob(runner, new RunnerJob(job));
        }

        FinishBatchRunner(runner);
    }

    private IReadOnlyList<PlannedJob> Plan(IReadOnlyList<BatchRow> rows)
    {
        try
        {
            return _builder!.Build(rows, PerMessage);
        }
        catch (Release0ConfigurationException ex)
        {
            ThrowFailure(ex, rows[0].AgentId);
            throw;
        }
    }

    private BatchJobRunner StartRunner() =>
        StartBatchRunner(new BatchClient(GetConnection("Submitting a batch")), ThrottleLimit, Wait ? TimeSpan.FromSeconds(TimeoutSec) : null);
}
