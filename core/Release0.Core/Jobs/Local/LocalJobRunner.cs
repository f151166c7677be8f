using System.Text.Json;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Jobs.Messages;
using Release0.Core.Jobs.Results;
using Release0.Core.Json;

namespace Release0.Core.Jobs.Local;

/// <summary>
/// Runs the job workflow locally (<c>release0 jobs run</c>): JSON Lines of batch job requests
/// (<c>jobId</c>) and agent events (<c>eventId</c>) go through an in-process delayed queue and write
/// their documents to a folder. Transient failures are retried like the Functions host does
/// (<see cref="MaxDeliveries"/> attempts, then <c>poison/</c>). A store that cannot be written stops
/// the run with <see cref="JobStoreException"/> once the messages in hand are done; a rerun on the same
/// folder finishes the rest and redoes nothing. Each run holds <c>runs/{runId}.lock</c> while it lives
/// (see <see cref="FolderRunLock"/>), so a rerun settles the claims of a run that crashed at once, and
/// concurrent runs on one folder wait for each other's claims. Cancelled, it hands back the jobs it had
/// claimed but not sent and throws <see cref="LocalRunInterruptedException"/> saying what each job was left as.
/// </summary>
public sealed class LocalJobRunner
{
    public const int MaxDeliveries = 5;

    private readonly Release0Connection _connection;
    private readonly IResultStore _store;
    private readonly string? _folder;
    private readonly JobWorkflowOptions _options;
    private readonly IRelease0Log _log;
    private readonly int _concurrency;

    /// <summary>
    /// A run writing to <paramref name="resultsFolder"/>, with agents' durations kept in its
    /// <see cref="PollHistoryFile.FileName"/> (unless the options name another store), so a later run on
    /// the folder polls on what earlier runs learned.
    /// </summary>
    public LocalJobRunner(Release0Connection connection, string resultsFolder, JobWorkflowOptions? options = null, IRelease0Log? log = null, int concurrency = 16)
        : this(connection, new FolderResultStore(resultsFolder), WithFolderHistory(options ?? new JobWorkflowOptions(), resultsFolder), log, concurrency, Path.GetFullPath(resultsFolder))
    {
    }

    /// <param name="folder">Where the store keeps its documents, for the run's lock; without one, claims are waited for until their lease ends.</param>
    internal LocalJobRunner(Release0Connection connection, IResultStore store, JobWorkflowOptions? options = null, IRelease0Log? log = null, int concurrency = 16, string? folder = null)
    {
        if (concurrency is < 1 or > 256)
        {
            throw new Release0ConfigurationException(nameof(concurrency), $"concurrency must be between 1 and 256 (was {concurrency}).");
        }

        _connection = connection;
        _store = new CheckedResultStore(store);
        _folder = folder;
        _options = options ?? new JobWorkflowOptions();
        _log = log ?? NullRelease0Log.Instance;
        _concurrency = concurrency;
    }

    /// <summary>Delay before retrying a transiently failed message (multiplied by its delivery count).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Told how many distinct jobs and events the input holds, before any runs.</summary>
    public Action<int>? OnInputsCounted { get; set; }

    /// <summary>Runs the lines; the results folder and the run's lock are created here, not before.</summary>
    public async Task<LocalRunSummary> RunAsync(IEnumerable<string> lines, CancellationToken cancellationToken = default)
    {
        using var runLock = _folder is null ? null : AcquireLock(_folder);

        // Cancelled to stop taking messages: when the queue is idle, or when the store failed.
        using var taking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = new InProcessJobQueue(_connection.Transport.Time, taking.Token);
        var inputs = ReadInputs(lines);
        OnInputsCounted?.Invoke(inputs.Count);

        // Progress names each job as the summary does: a message rejected under its text's hash by its line.
        var idsByPath = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            foreach (var path in input.Paths)
            {
                idsByPath[path] = input.Id;
            }
        }

        var reported = _options.OnFinished is { } onFinished
            ? _options.WithOnFinished(done => onFinished(idsByPath.TryGetValue(done.Path, out var id) && id != done.Id ? new JobFinished(done.Kind, id, done.Outcome, done.Path) : done))
            : _options;
        var workflow = new JobWorkflow(_connection, queue, _store, reported, _log, runLock);
        foreach (var input in inputs)
        {
            if (input.Queue is null)
            {
                await workflow.RejectAsync("input", input.Id, input.Line, input.Problem!, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await queue.EnqueueAsync(input.Queue, input.Line, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
        }

        queue.CompleteIfEmpty();

        var retried = 0;
        var poisoned = 0;
        var storeFailure = new TaskCompletionSource<JobStoreException>(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task WorkAsync()
        {
            while (true)
            {
                QueuedMessage message;
                try
                {
                    message = await queue.TakeAsync(taking.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                try
                {
                    // Handlers run on the caller's token, not on "taking": a store failure elsewhere must not
                    // cut a submit off mid-request, which would leave its outcome unknown.
                    await workflow.HandleAsync(message.Queue, message.Text, cancellationToken).ConfigureAwait(false);
                }
                catch (JobStoreException ex)
                {
                    storeFailure.TrySetResult(ex);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    if (message.Deliveries + 1 < MaxDeliveries)
                    {
                        Interlocked.Increment(ref retried);
                        _log.Write(Release0LogLevel.Warning, $"{message.Queue}: attempt {message.Deliveries + 1} failed, retrying: {ex.Message}");
                        queue.Add(message with { Deliveries = message.Deliveries + 1 }, TimeSpan.FromTicks(RetryDelay.Ticks * (message.Deliveries + 1)));
                    }
                    else
                    {
                        Interlocked.Increment(ref poisoned);
                        try
                        {
                            await PoisonAsync(message, ex).ConfigureAwait(false);
                        }
                        catch (JobStoreException poisonFailure)
                        {
                            storeFailure.TrySetResult(poisonFailure);
                        }
                    }
                }
                finally
                {
                    queue.Done();
                }
            }
        }

        var workers = Enumerable.Range(0, _concurrency).Select(_ => Task.Run(WorkAsync)).ToList();
        try
        {
            await Task.WhenAny(queue.Idle, storeFailure.Task, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            taking.Cancel();
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Each handler stopped where it was; what it left behind is read from the folder below.
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            throw new LocalRunInterruptedException(await StatesAsync(inputs, workflow, runLock?.RunId).ConfigureAwait(false), cancellationToken);
        }

        if (storeFailure.Task.IsCompleted)
        {
            throw await storeFailure.Task.ConfigureAwait(false);
        }

        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var input in inputs)
        {
            var (outcome, path, isUnknown) = await OutcomeAsync(input.Paths).ConfigureAwait(false);
            outcomes[input.Id] = outcome;
            if (path is not null)
            {
                documents[input.Id] = path;
            }

            if (isUnknown)
            {
                unknown.Add(input.Id);
            }
        }

        return new LocalRunSummary(outcomes, documents, retried, poisoned, unknown, workflow.StoppedClaims);
    }

    /// <summary>The folder is created here, with the run's lock: a refused run has created nothing.</summary>
    private FolderRunLock AcquireLock(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            return FolderRunLock.Acquire(folder, _connection.Transport.Time);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new JobStoreException("runs/", "write", ex);
        }
    }

    /// <summary>What an interrupted run left each input as, read from the folder.</summary>
    private async Task<IReadOnlyDictionary<string, string>> StatesAsync(List<LocalInput> inputs, JobWorkflow workflow, string? runId)
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var (outcome, _, isUnknown) = await OutcomeAsync(input.Paths).ConfigureAwait(false);
            if (outcome != "notFinished")
            {
                states[input.Id] = isUnknown ? LocalRunStates.OutcomeUnknown : outcome;
                continue;
            }

            var batch = input.Queue == JobQueues.BatchRequests;
            if (batch && await _store.ReadAsync(ResultPaths.Submission(input.Id), CancellationToken.None).ConfigureAwait(false) is not null)
            {
                states[input.Id] = LocalRunStates.Submitted;
                continue;
            }

            var claim = input.Queue is null ? null : await workflow.LatestClaimAsync(batch ? "batches" : "chats", input.Id, CancellationToken.None).ConfigureAwait(false);
            states[input.Id] = claim is not { Released: false } held ? LocalRunStates.NotSent
                : held.Claim.RunId == runId ? LocalRunStates.InFlight
                : LocalRunStates.ClaimedByAnotherRun;
        }

        return states;
    }

    /// <summary>
    /// Sorts the lines into inputs, once per id: a line that is not JSON, or neither kind, becomes an
    /// input rejection; one whose id is unusable goes to the workflow, which rejects it under its hash.
    /// </summary>
    private List<LocalInput> ReadInputs(IEnumerable<string> lines)
    {
        var inputs = new List<LocalInput>();
        var firstLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var lineId = $"line-{number}";
            var (queueName, id, problem) = Classify(line, number);
            if (queueName is null)
            {
                inputs.Add(new LocalInput(lineId, line, null, problem, [ResultPaths.Rejected("input", lineId)]));
            }
            else if (!JobJson.IsSafeId(id))
            {
                inputs.Add(new LocalInput(lineId, line, queueName, null, [ResultPaths.Rejected(queueName, null, line)]));
            }
            else if (firstLines.TryGetValue($"{queueName}/{id}", out var first))
            {
                _log.Write(Release0LogLevel.Warning, $"line {number} repeats the {(queueName == JobQueues.AgentEvents ? "eventId" : "jobId")} {id} of line {first}; it is run once");
            }
            else
            {
                firstLines[$"{queueName}/{id}"] = number;
                var resultPath = queueName == JobQueues.AgentEvents ? ResultPaths.Chat(id!) : ResultPaths.Batch(id!);
                inputs.Add(new LocalInput(id!, line, queueName, null, [resultPath, ResultPaths.Rejected(queueName, id!)]));
            }
        }

        return inputs;
    }

    /// <summary>The line's queue and id (null when absent or not a string), or why it fits no queue.</summary>
    private static (string? Queue, string? Id, string? Problem) Classify(string line, int number)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (null, null, $"line {number} is not valid JSON: at character {(ex.BytePositionInLine ?? 0) + 1}, {JobJson.Reason(ex)}");
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("eventId", out _))
        {
            return (JobQueues.AgentEvents, root.Str("eventId"), null);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("jobId", out _))
        {
            return (JobQueues.BatchRequests, root.Str("jobId"), null);
        }

        return (null, null, $"line {number} is neither a batch job request (an object with \"jobId\") nor an agent event (an object with \"eventId\")");
    }

    /// <summary>
    /// The final document's outcome and path, and whether that outcome is unknown; "rejected" for a
    /// rejection record; "notFinished" when neither exists (poisoned, or interrupted).
    /// </summary>
    private async Task<(string Outcome, string? Path, bool Unknown)> OutcomeAsync(string[] paths)
    {
        foreach (var path in paths)
        {
            if (await _store.ReadAsync(path, CancellationToken.None).ConfigureAwait(false) is { } text)
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                var unknown = root.Prop("error") is { ValueKind: JsonValueKind.Object } error && error.Deserialize(JobsJsonContext.Default.JobError)?.IsOutcomeUnknown() == true;
                return (root.Str("outcome") ?? "rejected", path, unknown);
            }
        }

        return ("notFinished", null, false);
    }

    private static JobWorkflowOptions WithFolderHistory(JobWorkflowOptions options, string resultsFolder) =>
        options.PollHistoryStore is null ? options.WithPollHistoryStore(PollHistoryFile.InFolder(resultsFolder)) : options;

    private Task PoisonAsync(QueuedMessage message, Exception error)
    {
        var id = Guid.NewGuid().ToString("N");
        var poison = new Results.RejectedMessage { Queue = message.Queue, Id = id, Reason = $"gave up after {MaxDeliveries} attempts: {error.Message}", ReceivedAt = _connection.Transport.Time.GetUtcNow(), OriginalText = message.Text };
        _log.Write(Release0LogLevel.Warning, $"{message.Queue}: gave up on a message after {MaxDeliveries} attempts: {error.Message}");
        return _store.TryCreateAsync($"poison/{message.Queue}/{id}.json", JsonSerializer.Serialize(poison, Results.JobsJsonContext.Default.RejectedMessage), CancellationToken.None);
    }
}

/// <summary>One job or event of a local run's input: where it goes (or why it goes nowhere) and where its final document may be.</summary>
internal sealed record LocalInput(string Id, string Line, string? Queue, string? Problem, string[] Paths);
