using System.Text.Json;
using Release0.Core.Batches;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;
using Release0.Core.Jobs.Messages;

namespace Release0.Core.Tests;

/// <summary>Poll history kept beyond one workflow: in a file (<c>jobs run</c>) or a conditional store (the Functions blob).</summary>
public sealed class PollHistorySharingTests
{
    [Fact]
    public async Task A_new_workflow_polls_an_agents_first_job_on_what_an_earlier_workflow_stored()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);
        using var folder = new TempFolder();
        var historyPath = Path.Combine(folder.Path, "history", PollHistoryFile.FileName);
        var queue = new RecordingQueue();
        var first = Workflow(connection, queue, folder, new PollHistoryFile(historyPath));
        for (var i = 1; i <= 3; i++)
        {
            await first.HandleBatchRequestAsync(FastJobs.Batch($"early-{i}", agent: "batch-polls-1"), CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(5));
            await first.HandleBatchPollAsync(LastTicket(queue), CancellationToken.None);
        }

        // A restarted instance (new workflow, new store object, same file) and one without the store.
        var restarted = Workflow(connection, queue, folder, new PollHistoryFile(historyPath));
        await restarted.HandleBatchRequestAsync(FastJobs.Batch("after-restart", agent: "batch-polls-1"), CancellationToken.None);
        var learnedDelay = queue.Sent.Last().Delay;
        var unshared = Workflow(connection, queue, folder, store: null);
        await unshared.HandleBatchRequestAsync(FastJobs.Batch("no-history", agent: "batch-polls-1"), CancellationToken.None);

        // Jobs of this agent took about five minutes: the restarted instance's first poll waits for most of that.
        Assert.InRange(learnedDelay, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(6));
        Assert.InRange(queue.Sent.Last().Delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.Equal(3, new PollHistoryFile(historyPath).Load().DurationsOf("batch-polls-1").Count);
    }

    [Fact]
    public async Task A_jobs_run_on_a_results_folder_polls_on_what_earlier_runs_there_learned()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);
        using var folder = new TempFolder();

        for (var i = 1; i <= 3; i++)
        {
            // The default schedule polls first after about 2 s; the job has taken 5 minutes by then.
            var run = new LocalJobRunner(connection, folder.Path).RunAsync([FastJobs.Batch($"run-{i}", "batch-polls-1")]);
            await clock.WhenWaitingAsync(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.5));
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal("completed", (await run).Outcomes[$"run-{i}"]);
        }

        var learned = new LocalJobRunner(connection, folder.Path).RunAsync([FastJobs.Batch("run-4", "batch-polls-1")]);

        // The fourth run's first poll follows the three earlier runs' durations, not the 2 s default.
        await clock.WhenWaitingAsync(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(6));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal("completed", (await learned).Outcomes["run-4"]);
        Assert.InRange(sandbox.Waits.All.Last(w => w.Operation.Contains("run-4")).Delay, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(6));
        var recorded = PollHistoryFile.InFolder(folder.Path).Load().DurationsOf("batch-polls-1");
        Assert.Equal(4, recorded.Count);
        Assert.All(recorded, d => Assert.InRange(d, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(6)));
    }

    [Fact]
    public async Task Two_writers_of_one_history_file_at_once_lose_nothing()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, PollHistoryFile.FileName);

        // Each writer its own file object, as two processes would have; one agent each and one shared.
        async Task WriteAsync(string own)
        {
            await Task.Yield();
            var file = new PollHistoryFile(path);
            for (var i = 1; i <= 16; i++)
            {
                await file.RecordAsync(own, TimeSpan.FromSeconds(i), CancellationToken.None);
                await file.RecordAsync("shared", TimeSpan.FromSeconds(100 + i), CancellationToken.None);
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAsync("writer-a")), Task.Run(() => WriteAsync("writer-b")));

        var history = new PollHistoryFile(path).Load();
        Assert.Equal(Enumerable.Range(1, 16).Select(i => TimeSpan.FromSeconds(i)), history.DurationsOf("writer-a"));
        Assert.Equal(Enumerable.Range(1, 16).Select(i => TimeSpan.FromSeconds(i)), history.DurationsOf("writer-b"));
        Assert.Equal(32, history.DurationsOf("shared").Count);
        Assert.Equal([PollHistoryFile.FileName, PollHistoryFile.FileName + ".lock"], folder.Files());
    }

    [Fact]
    public async Task A_writer_that_loses_the_race_for_the_stored_version_reads_again_and_both_records_are_kept()
    {
        var store = new VersionedMemoryStore();
        store.BeforeNextWrite = () => store.Put(PollHistoryJson.WithRecorded(store.Text, "other-instance", TimeSpan.FromSeconds(7)));

        await store.RecordAsync("batch-polls-1", TimeSpan.FromSeconds(3), CancellationToken.None);

        Assert.Equal((2, 1), (store.Reads, store.Conflicts));
        Assert.Equal([TimeSpan.FromSeconds(3)], await store.LoadAsync("batch-polls-1", CancellationToken.None));
        Assert.Equal([TimeSpan.FromSeconds(7)], await store.LoadAsync("other-instance", CancellationToken.None));
    }

    [Fact]
    public async Task A_store_that_keeps_losing_the_race_reports_that_the_duration_was_not_kept()
    {
        var store = new VersionedMemoryStore { AlwaysConflict = true };

        var error = await Assert.ThrowsAsync<PollHistoryStoreException>(() => store.RecordAsync("a", TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal(ConditionalPollHistoryStore.MaxAttempts, store.Conflicts);
        Assert.Equal("the test store was changed by other writers 8 times in a row while a duration of a was added; that duration is not kept", error.Message);
    }

    [Theory]
    [InlineData("{\"agents\": {\"a\": [12, \"x\"", "the test store is not a poll history (invalid JSON at line 1)")]
    [InlineData("{\"jobs\": []}", "the test store is not a poll history (it has no \"agents\" object)")]
    [InlineData("[1, 2, 3]", "the test store is not a poll history (invalid JSON at line 1)")]
    [InlineData("{\"version\": 2, \"agents\": {}}", "the test store is a poll history of version 2, which this release0 does not read (it reads version 1)")]
    public async Task Content_that_is_not_a_history_is_named_when_read_and_replaced_by_the_next_record(string content, string problem)
    {
        var store = new VersionedMemoryStore();
        store.Put(content);

        var error = await Assert.ThrowsAsync<PollHistoryStoreException>(() => store.LoadAsync("a", CancellationToken.None));
        await store.RecordAsync("a", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(problem, error.Message);
        Assert.Equal([TimeSpan.FromSeconds(5)], await store.LoadAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task A_corrupt_history_file_is_a_warning_the_agent_is_polled_on_the_default_schedule_and_the_next_completion_replaces_it()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);
        using var folder = new TempFolder();
        var file = PollHistoryFile.InFolder(folder.Path);
        Directory.CreateDirectory(folder.Path);
        File.WriteAllText(file.Path, "{\"agents\": {\"batch-polls-1\": [300, 300, 30");
        var log = new ListLog();
        var queue = new RecordingQueue();
        var workflow = Workflow(connection, queue, folder, file, log);

        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-1", agent: "batch-polls-1"), CancellationToken.None);

        Assert.InRange(queue.Sent.Last().Delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        var warning = Assert.Single(log.Lines);
        Assert.Equal($"Warning: poll history: the poll history file {file.Path} is not a poll history (invalid JSON at line 1); batch-polls-1's jobs are polled on what this process learns, from the default schedule", warning);

        clock.Advance(TimeSpan.FromMinutes(1));
        await workflow.HandleBatchPollAsync(LastTicket(queue), CancellationToken.None);

        Assert.True(folder.Exists("batches/job-1.json"));
        Assert.Single(file.Load().DurationsOf("batch-polls-1"));
        Assert.Single(log.Lines);
    }

    [Fact]
    public async Task A_failing_store_is_read_once_per_agent_and_each_failure_is_a_warning_that_never_stops_a_job()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);
        using var folder = new TempFolder();
        var store = new VersionedMemoryStore { Failure = new IOException("storage account unreachable (simulated)") };
        var log = new ListLog();
        var queue = new RecordingQueue();
        var workflow = Workflow(connection, queue, folder, store, log);

        await Task.WhenAll(Enumerable.Range(1, 4).Select(i => Task.Run(() => workflow.HandleBatchRequestAsync(FastJobs.Batch($"job-{i}", "batch-polls-1"), CancellationToken.None))));
        clock.Advance(TimeSpan.FromMinutes(1));
        foreach (var ticket in queue.Sent.Where(s => s.Queue == JobQueues.BatchPolls).ToList())
        {
            await workflow.HandleBatchPollAsync(ticket.Message, CancellationToken.None);
        }

        Assert.All(Enumerable.Range(1, 4), i => Assert.True(folder.Exists($"batches/job-{i}.json")));
        Assert.Equal(1 + 4, store.Reads);
        Assert.Equal(
            ["Warning: poll history: the store failed (IOException: storage account unreachable (simulated)); batch-polls-1's jobs are polled on what this process learns, from the default schedule"],
            log.Lines.Where(l => l.Contains("polled on")).ToList());
        Assert.Equal(4, log.Lines.Count(l => l == "Warning: poll history: the store failed (IOException: storage account unreachable (simulated)); the duration of batch-polls-1's job is kept in this process only"));
    }

    [Fact]
    public void A_history_file_of_the_first_format_still_reads()
    {
        using var folder = new TempFolder();
        var file = PollHistoryFile.InFolder(folder.Path);
        Directory.CreateDirectory(folder.Path);
        File.WriteAllText(file.Path, "{\n  \"version\": 1,\n  \"agents\": {\n    \"batch-echo\": [\n      12.5,\n      14\n    ]\n  }\n}");

        Assert.Equal([TimeSpan.FromSeconds(12.5), TimeSpan.FromSeconds(14)], file.Load().DurationsOf("batch-echo"));
        using var written = JsonDocument.Parse(PollHistoryJson.Write(file.Load()));
        Assert.Equal(1, written.RootElement.GetProperty("version").GetInt32());
    }

    private static JobWorkflow Workflow(Release0.Core.Connection.Release0Connection connection, RecordingQueue queue, TempFolder folder, IPollHistoryStore? store, ListLog? log = null) =>
        new(connection, queue, new FolderResultStore(folder.Path), new JobWorkflowOptions { PollHistoryStore = store }, log);

    private static string LastTicket(RecordingQueue queue) => queue.Sent.Last(s => s.Queue == JobQueues.BatchPolls).Message;

    /// <summary>
    /// A conditional store in memory, as a blob with ETags behaves: a write names the version it read
    /// and loses when another write came first. Can let another writer in just before a write, or fail.
    /// </summary>
    private sealed class VersionedMemoryStore : ConditionalPollHistoryStore
    {
        private readonly object _gate = new();
        private int _version;

        public string? Text { get; private set; }

        public Action? BeforeNextWrite { get; set; }

        public bool AlwaysConflict { get; init; }

        public Exception? Failure { get; init; }

        public int Reads { get; private set; }

        public int Conflicts { get; private set; }

        public override string Name => "the test store";

        public void Put(string text)
        {
            lock (_gate)
            {
                Text = text;
                _version++;
            }
        }

        protected override Task<VersionedText?> ReadAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Reads++;
                return Failure is { } failure ? Task.FromException<VersionedText?>(failure)
                    : Task.FromResult(Text is null ? null : new VersionedText(Text, _version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        protected override Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken)
        {
            var sneaking = BeforeNextWrite;
            BeforeNextWrite = null;
            sneaking?.Invoke();
            lock (_gate)
            {
                var current = Text is null ? null : _version.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (AlwaysConflict || current != version)
                {
                    Conflicts++;
                    return Task.FromResult(false);
                }

                Text = text;
                _version++;
                return Task.FromResult(true);
            }
        }
    }
}
