using System.Management.Automation;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Hosting;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>
/// What every cmdlet shares: one cancellation token per invocation (cancelled by Ctrl+C in
/// <see cref="StopProcessing"/> and passed all the way down), async work run off the pipeline thread
/// while verbose, debug, progress and output are written on it, and ErrorRecords built from
/// <see cref="ErrorMapper"/>.
/// </summary>
public abstract class Release0Cmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PipelinePump _pump = new();

    protected CancellationToken CancellationToken => _stop.Token;

    public void Dispose()
    {
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>The module connection; terminating after Disconnect-Release0, or when a token is required and none is set.</summary>
    protected Release0Connection GetConnection(string? tokenRequiredFor = null)
    {
        var connection = ModuleConnection.Current();
        if (connection is null)
        {
            ThrowTerminatingError(ToRecord(ErrorMapper.Disconnected()));
        }

        // ThrowTerminatingError always throws, so connection is set from here on.
        if (tokenRequiredFor is not null && !connection!.HasToken)
        {
            ThrowTerminatingError(ToRecord(ErrorMapper.NotConnected(tokenRequiredFor)));
        }

        return connection!;
    }

    /// <summary>Runs async work, writing what it posts as it goes; a stop request ends it at once.</summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> work)
    {
        using (RoutingLog.Route(new CmdletLog(this)))
        {
            try
            {
                return _pump.Run(() => work(_stop.Token));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
    }

    /// <summary>
    /// Waits for a batch job with Write-Progress, then writes the result; a failed or timed-out job is
    /// a non-terminating error with the job as its target (the result is still written for inspection).
    /// With the agent known (a job just submitted), polls follow that agent's earlier durations, kept in
    /// the user's local poll history.
    /// </summary>
    protected void WaitForBatch(BatchClient batches, string batchJobId, string userProfileId, TimeSpan timeout, string? agentId = null)
    {
        var activityId = Math.Abs(batchJobId.GetHashCode() % 100000) + 1;
        var activity = $"Waiting for batch {batchJobId}";
        var options = new BatchWaitOptions { Timeout = timeout };
        if (agentId is not null)
        {
            PollHistoryFile.ForCurrentUser()?.LearnFor(options, agentId);
        }

        try
        {
            var result = Run(token => batches.WaitAsync(batchJobId, userProfileId, options, progress => Post(() =>
            {
                var percent = (int)Math.Min(99, 100 * progress.Elapsed.TotalSeconds / progress.Timeout.TotalSeconds);
                WriteProgress(new ProgressRecord(activityId, activity, progress.ToString()) { PercentComplete = percent });
            }), token));
            WriteObject(BatchMessageResult.FromWait(userProfileId, result));
            switch (result.Outcome)
            {
                case BatchOutcome.Failed:
                    WriteError(ToRecord(ErrorMapper.BatchFailed(result.LastStatus)));
                    break;
                case BatchOutcome.TimedOut:
                    WriteError(ToRecord(ErrorMapper.BatchTimedOut(result, timeout)));
                    break;
            }
        }
        catch (Exception ex) when (ex is Release0ApiException or Release0ConfigurationException)
        {
            WriteFailure(ex, batchJobId);
        }
        finally
        {
            WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <summary>Queues a write (object, progress...) for the pipeline thread.</summary>
    protected void Post(Action write) => _pump.Post(write);

    /// <summary>One failed item of many: a non-terminating error.</summary>
    protected void WriteFailure(Exception exception, object? target) => WriteError(ToRecord(ErrorMapper.From(exception, target), exception));

    /// <summary>The cmdlet cannot go on.</summary>
    protected void ThrowFailure(Exception exception, object? target) => ThrowTerminatingError(ToRecord(ErrorMapper.From(exception, target), exception));

    private protected static ErrorRecord ToRecord(ErrorSpec spec, Exception? exception = null)
    {
        var category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), spec.Category);
        // The exception keeps the full one-line message (operation, status, URI); ErrorDetails shows the platform's own words.
        var record = new ErrorRecord(exception ?? new InvalidOperationException(spec.Message), spec.ErrorId, category, spec.Target)
        {
            ErrorDetails = new ErrorDetails(spec.PlatformMessage ?? spec.Message),
        };
        if (spec.RecommendedAction is not null)
        {
            record.ErrorDetails.RecommendedAction = spec.RecommendedAction;
        }

        return record;
    }

    private bool Prefers(string switchName, string variable)
    {
        if (MyInvocation.BoundParameters.TryGetValue(switchName, out var value) && value is SwitchParameter bound)
        {
            return bound.IsPresent;
        }

        return GetVariableValue(variable) is ActionPreference preference && preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;
    }

    /// <summary>Core log lines as Write-Verbose / Write-Debug / Write-Warning, always on the pipeline thread.</summary>
    private sealed class CmdletLog : IRelease0Log
    {
        private readonly Release0Cmdlet _cmdlet;
        private readonly bool _verbose;
        private readonly bool _debug;

        public CmdletLog(Release0Cmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            _verbose = cmdlet.Prefers("Verbose", "VerbosePreference");
            _debug = cmdlet.Prefers("Debug", "DebugPreference");
        }

        public bool IsEnabled(Release0LogLevel level) => level switch
        {
            Release0LogLevel.Debug => _debug,
            Release0LogLevel.Verbose => _verbose,
            _ => true,
        };

        public void Write(Release0LogLevel level, string message) => _cmdlet.Post(() =>
        {
            switch (level)
            {
                case Release0LogLevel.Debug:
                    _cmdlet.WriteDebug(message);
                    break;
                case Release0LogLevel.Verbose:
                    _cmdlet.WriteVerbose(message);
                    break;
                default:
                    _cmdlet.WriteWarning(message);
                    break;
            }
        });
    }
}
