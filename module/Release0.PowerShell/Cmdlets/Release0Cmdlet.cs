using System.Management.Automation;
using System.Management.Automation.Runspaces;
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
    private BatchJobOutput? _batchOutput;
    private readonly PaceProgress _pace;

    protected Release0Cmdlet()
    {
        _pace = new PaceProgress(this);
    }

    protected CancellationToken CancellationToken => _stop.Token;

    public void Dispose()
    {
        _stop.Dispose();
        ReleaseCallResources();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees what one invocation created for itself (a connection with per-call settings).</summary>
    private protected virtual void ReleaseCallResources()
    {
    }

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>What the module's default connection is kept per: the runspace this invocation runs in.</summary>
    private protected static object ConnectionScope => Runspace.DefaultRunspace ?? (object)typeof(Release0Cmdlet);

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
            finally
            {
                // A batch runner's calls keep waiting between these runs; its end removes the record.
                if (_batchOutput is null)
                {
                    _pace.Completed();
                }
            }
        }
    }

    /// <summary>
    /// A runner for batch jobs whose jobs, results, errors and one progress bar are written on the
    /// pipeline thread as they happen (see <see cref="BatchJobOutput"/>). With a wait timeout, jobs of a
    /// known agent follow that agent's earlier durations, kept in the user's local poll history.
    /// </summary>
    private protected BatchJobRunner StartBatchRunner(BatchClient batches, int throttleLimit, TimeSpan? waitTimeout)
    {
        _batchOutput = new BatchJobOutput(this, waitTimeout);
        var history = waitTimeout is null ? null : PollHistoryFile.ForCurrentUser();
        Func<string?, BatchWaitOptions>? waitOptions = waitTimeout is { } timeout
            ? agent =>
            {
                var options = new BatchWaitOptions { Timeout = timeout };
                if (agent is not null)
                {
                    history?.LearnFor(options, agent);
                }

                return options;
            }
            : null;
        var runner = new BatchJobRunner(batches, throttleLimit, waitOptions, _batchOutput, _stop.Token, waits: ModuleConnection.Log);
        _batchOutput.Runner = runner;
        return runner;
    }

    /// <summary>
    /// Starts a job on the runner, its core log routed to this cmdlet, once a submit slot is free
    /// (writing what happens meanwhile); writes what has happened so far.
    /// </summary>
    private protected void AddBatchJob(BatchJobRunner runner, RunnerJob job)
    {
        if (job.Plan is not null && !runner.TryReserveSubmit())
        {
            Run(async token =>
            {
                await runner.ReserveSubmitAsync(token).ConfigureAwait(false);
                return true;
            });
        }

        using (RoutingLog.Route(new CmdletLog(this)))
        {
            runner.Add(job);
        }

        _pump.Flush();
    }

    /// <summary>Writes every job's events until all are done; a stop request ends it at once.</summary>
    private protected void FinishBatchRunner(BatchJobRunner runner)
    {
        try
        {
            Run(async token =>
            {
                await runner.Completion().ConfigureAwait(false);
                return true;
            });
        }
        finally
        {
            _batchOutput?.Completed();
            _pace.Completed();
        }
    }

    /// <summary>Queues a write (object, progress...) for the pipeline thread.</summary>
    internal void Post(Action write) => _pump.Post(write);

    /// <summary>One failed item of many: a non-terminating error.</summary>
    internal void WriteFailure(Exception exception, object? target) => WriteError(ToRecord(ErrorMapper.From(exception, target), exception));

    /// <summary>The cmdlet cannot go on.</summary>
    protected void ThrowFailure(Exception exception, object? target) => ThrowTerminatingError(ToRecord(ErrorMapper.From(exception, target), exception));

    internal static ErrorRecord ToRecord(ErrorSpec spec, Exception? exception = null)
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

    /// <summary>
    /// Core log lines as Write-Verbose / Write-Debug / Write-Warning, retry and agent pauses as warnings
    /// (a stalled-looking call says why it waits) and waits for the platform's rate limit as progress
    /// (a wait of 2 s or more also as a warning), always on the pipeline thread.
    /// </summary>
    private sealed class CmdletLog : IRelease0Log, IRelease0WaitObserver
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

        public void Waiting(Release0Wait wait)
        {
            switch (wait.Kind)
            {
                case Release0WaitKind.Poll:
                    // Batch poll intervals are shown by the batch progress bar.
                    break;
                case Release0WaitKind.Pace:
                    // The short spacing of calls under the connection's pace is normal at volume, not news:
                    // progress only. A longer wait (the platform's pause) is also a warning, as on the CLI.
                    _cmdlet._pace.Waiting(wait);
                    if (wait.IsNoticeable)
                    {
                        _cmdlet.Post(() => _cmdlet.WriteWarning(wait.ToString()));
                    }

                    break;
                default:
                    _cmdlet.Post(() => _cmdlet.WriteWarning(wait.ToString()));
                    break;
            }
        }

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
