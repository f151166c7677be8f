using System.Text.Json;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Json;

namespace Release0.Core.Jobs.Local;

/// <summary>What a local run found at the end: the final outcome of each job or event of the input.</summary>
public sealed class LocalRunSummary
{
    public LocalRunSummary(IReadOnlyDictionary<string, string> outcomes, int retriedFailures, int poisoned)
    {
        Outcomes = outcomes;
        RetriedFailures = retriedFailures;
        Poisoned = poisoned;
    }

    /// <summary>Input id (job id, event id, or <c>line-N</c>) to outcome: completed, failed, timedOut, waitingForInput, rejected or notFinished (given up after retries).</summary>
    public IReadOnlyDictionary<string, string> Outcomes { get; }

    /// <summary>Transient failures that were retried.</summary>
    public int RetriedFailures { get; }

    /// <summary>Messages given up on after every retry (written to <c>poison/</c>).</summary>
    public int Poisoned { get; }

    public bool AllCompleted => Outcomes.Values.All(o => o == "completed");
}

/// <summary>
/// Runs the job workflow locally (<c>release0 jobs run</c>): JSON Lines of batch job requests
/// (<c>jobId</c>) and agent events (<c>eventId</c>) go through an in-process delayed queue and write
/// their documents to a folder. Transient failures are retried like the Functions host does
/// (<see cref="MaxDeliveries"/> attempts, then <c>poison/</c>). A rerun on the same folder redoes nothing.
/// </summary>
public sealed class LocalJobRunner
{
    public const int MaxDeliveries = 5;

    private readonly Release0Connection _connection;
    private readonly FolderResultStore _store;
    private readonly JobWorkflowOptions _options;
    private readonly IRelease0Log _log;
    private readonly int _concurrency;

    public LocalJobRunner(Release0Connection connection, string resultsFolder, JobWorkflowOptions? options = null, IRelease0Log? log = null, int concurrency = 16)
    {
        if (concurrency is < 1 or > 256)
        {
            throw new Release0ConfigurationException(nameof(concurrency), $"concurrency must be between 1 and 256 (was {concurrency}).");
        }

        _connection = connection;
        _store = new FolderResultStore(resultsFolder);
        _options = options ?? new JobWorkflowOptions();
        _log = log ?? NullRelease0Log.Instance;
        _concurrency = concurrency;
    }

    /// <summary>Delay before retrying a transiently failed message (multiplied by its delivery count).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public async Task<LocalRunSummary> RunAsync(IEnumerable<string> lines, CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = new InProcessJobQueue(_connection.Transport.Time, stop.Token);
        var workflow = new JobWorkflow(_connection, queue, _store, _options, _log);
        var inputs = await EnqueueInputsAsync(lines, queue, cancellationToken).ConfigureAwait(false);
        queue.CompleteIfEmpty();

        var retried = 0;
        var poisoned = 0;
        async Task WorkAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                QueuedMessage message;
                try
                {
                    message = await queue.TakeAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                try
                {
                    await workflow.HandleAsync(message.Queue, message.Text, stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is Release0ApiException or IOException && !stop.IsCancellationRequested)
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
                        await PoisonAsync(message, ex).ConfigureAwait(false);
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
            await Task.WhenAny(queue.Idle, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, paths) in inputs)
        {
            outcomes[id] = await OutcomeAsync(paths).ConfigureAwait(false);
        }

        return new LocalRunSummary(outcomes, retried, poisoned);
    }

    /// <summary>Sends each line to its queue; a line that is neither kind is rejected as input right away.</summary>
    private async Task<List<(string Id, string[] Paths)>> EnqueueInputsAsync(IEnumerable<string> lines, InProcessJobQueue queue, CancellationToken cancellationToken)
    {
        var inputs = new List<(string Id, string[] Paths)>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var (queueName, id) = Classify(line);
            if (queueName is null)
            {
                var lineId = $"line-{number}";
                var reason = $"line {number} is neither a batch job request (with \"jobId\") nor an agent event (with \"eventId\")";
                var rejected = new Results.RejectedMessage { Queue = "input", Id = lineId, Reason = reason, ReceivedAt = _connection.Transport.Time.GetUtcNow(), OriginalText = line };
                var path = ResultPaths.Rejected("input", lineId);
                if (await _store.TryCreateAsync(path, JsonSerializer.Serialize(rejected, Results.JobsJsonContext.Default.RejectedMessage), cancellationToken).ConfigureAwait(false))
                {
                    _options.OnFinished?.Invoke(new JobFinished("rejected", lineId, "rejected", path));
                }

                inputs.Add((lineId, [path]));
                continue;
            }

            // An id the workflow cannot use is rejected under the message's hash; that still counts as "not completed".
            var key = id ?? $"line-{number}";
            var resultPath = queueName == JobQueues.AgentEvents ? ResultPaths.Chat(key) : ResultPaths.Batch(key);
            inputs.Add((key, [resultPath, ResultPaths.Rejected(queueName, key)]));
            await queue.EnqueueAsync(queueName, line, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }

        return inputs;
    }

    private static (string? Queue, string? Id) Classify(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            if (root.TryGetProperty("eventId", out _))
            {
                return (JobQueues.AgentEvents, root.Str("eventId"));
            }

            return root.TryGetProperty("jobId", out _) ? (JobQueues.BatchRequests, root.Str("jobId")) : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>The final document's outcome; "rejected" for a rejection record; "notFinished" when neither exists (poisoned).</summary>
    private async Task<string> OutcomeAsync(string[] paths)
    {
        foreach (var path in paths)
        {
            if (await _store.ReadAsync(path, CancellationToken.None).ConfigureAwait(false) is { } text)
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.Str("outcome") ?? "rejected";
            }
        }

        return "notFinished";
    }

    private Task PoisonAsync(QueuedMessage message, Exception error)
    {
        var id = Guid.NewGuid().ToString("N");
        var poison = new Results.RejectedMessage { Queue = message.Queue, Id = id, Reason = $"gave up after {MaxDeliveries} attempts: {error.Message}", ReceivedAt = _connection.Transport.Time.GetUtcNow(), OriginalText = message.Text };
        _log.Write(Release0LogLevel.Warning, $"{message.Queue}: gave up on a message after {MaxDeliveries} attempts: {error.Message}");
        return _store.TryCreateAsync($"poison/{message.Queue}/{id}.json", JsonSerializer.Serialize(poison, Results.JobsJsonContext.Default.RejectedMessage), CancellationToken.None);
    }
}
