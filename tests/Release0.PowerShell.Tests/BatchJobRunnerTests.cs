using System.Collections.Concurrent;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Tests;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Hosting;
using Release0.Sandbox;

namespace Release0.PowerShell.Tests;

public sealed class BatchJobRunnerTests
{
    [Fact]
    public async Task Jobs_are_submitted_and_waited_for_together_and_each_event_names_its_rows()
    {
        await using var server = await SandboxServer.StartAsync();
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token });
        var events = new Recording();
        var fast = new BatchWaitOptions { InitialInterval = TimeSpan.FromMilliseconds(5), MaxInterval = TimeSpan.FromMilliseconds(5), Timeout = TimeSpan.FromMinutes(1) };
        var runner = new BatchJobRunner(new BatchClient(connection), 4, _ => fast, events, CancellationToken.None);
        events.Runner = runner;
        var rows = Enumerable.Range(0, 12).Select(i => new BatchRow { RowId = $"T-{i}", AgentId = $"batch-polls-{1 + (i % 3)}", ProjectEnvId = "p", UserProfileId = $"user-{i % 2}", Messages = [$"q{i}"] }).ToList();

        foreach (var job in new BatchRequestBuilder().Build(rows, onePerMessage: true))
        {
            if (!runner.TryReserveSubmit())
            {
                await runner.ReserveSubmitAsync(CancellationToken.None);
            }

            runner.Add(new RunnerJob(job));
        }

        await runner.Completion();

        Assert.Equal(12, events.SubmittedJobs.Count);
        var finished = events.Results.ToDictionary(f => f.Job.RowIds[0]);
        Assert.Equal(rows.Select(r => r.RowId).Order(), finished.Keys.Order());
        foreach (var row in rows)
        {
            var (job, result) = finished[row.RowId];
            Assert.Equal((BatchOutcome.Completed, row.UserProfileId), (result.Outcome, job.UserProfileId));
            Assert.Equal([$"Echo: {row.Messages[0]}"], result.LastStatus.Messages.Select(m => m.Text));
        }

        var last = runner.Snapshot();
        Assert.Equal((12, 12, null, null), (last.Total, last.Done, last.NextPoll, last.SlowestJobId));
        Assert.Equal("12 of 12 jobs done", last.ToString());
        Assert.Contains(events.Snapshots, s => s.Done < s.Total && s.SlowestJobId is not null);
    }

    [Fact]
    public async Task A_submit_refused_for_the_rate_limit_past_its_retries_is_sent_again_after_the_wait_not_given_up()
    {
        await using var server = await SandboxServer.StartAsync();
        server.Faults.Add("429=3*2@/api/v1/chat/batch-message");
        var clock = new ManualClock();
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token, MaxRetries = 0 }, time: clock);
        var events = new Recording();
        var runner = new BatchJobRunner(new BatchClient(connection), 1, null, events, CancellationToken.None, clock);
        var rows = new[] { new BatchRow { RowId = "0", AgentId = "batch-echo", ProjectEnvId = "p", UserProfileId = "u", Messages = ["paced"] } };
        await runner.ReserveSubmitAsync(CancellationToken.None);
        runner.Add(new RunnerJob(new BatchRequestBuilder().Build(rows, onePerMessage: true).Single()));

        // Two calls refused (Retry-After 3 s, no retries left): each waits the platform's 3 s and is sent again.
        for (var refused = 0; refused < 2; refused++)
        {
            await clock.WhenWaitingAsync(TimeSpan.FromSeconds(3));
            Assert.Empty(events.SubmittedJobs);
            clock.Advance(TimeSpan.FromSeconds(3));
        }

        await runner.Completion();

        Assert.Single(events.SubmittedJobs);
        Assert.Empty(events.Errors);
        Assert.Equal(1, server.BatchSubmissions);
    }

    [Fact]
    public void The_progress_line_says_jobs_done_of_total_the_next_poll_and_the_slowest_job()
    {
        Assert.Equal("3 of 40 jobs done; next poll in 1.2s; slowest bj_7, 35s", new BatchWaitSnapshot(40, 3, TimeSpan.FromSeconds(1.24), "bj_7", TimeSpan.FromSeconds(35.2)).ToString());
        Assert.Equal(7, new BatchWaitSnapshot(40, 3, null, null, TimeSpan.Zero).PercentComplete);
        Assert.Equal("1 of 1 job done", new BatchWaitSnapshot(1, 1, null, null, TimeSpan.Zero).ToString());
    }

    [Fact]
    public async Task A_job_that_cannot_be_submitted_is_reported_and_the_others_go_on()
    {
        await using var server = await SandboxServer.StartAsync();
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token });
        var events = new Recording();
        var runner = new BatchJobRunner(new BatchClient(connection), 2, null, events, CancellationToken.None);
        var rows = new[] { new BatchRow { RowId = "0", AgentId = "batch-echo", ProjectEnvId = "p", UserProfileId = "u", Messages = ["ok", string.Empty, "fine"] } };

        foreach (var job in new BatchRequestBuilder().Build(rows, onePerMessage: true))
        {
            await runner.ReserveSubmitAsync(CancellationToken.None);
            runner.Add(new RunnerJob(job));
        }

        await runner.Completion();

        Assert.Equal(2, events.SubmittedJobs.Count);
        Assert.IsType<Release0ConfigurationException>(Assert.Single(events.Errors));
        Assert.Empty(events.Results);
    }

    private sealed class Recording : IBatchJobEvents
    {
        public BatchJobRunner? Runner { get; set; }

        public ConcurrentBag<RunnerJob> SubmittedJobs { get; } = [];

        public ConcurrentBag<Exception> Errors { get; } = [];

        public ConcurrentBag<(RunnerJob Job, BatchWaitResult Result)> Results { get; } = [];

        public ConcurrentBag<BatchWaitSnapshot> Snapshots { get; } = [];

        public void Submitted(RunnerJob job) => SubmittedJobs.Add(job);

        public void NotSubmitted(RunnerJob job, Exception error) => Errors.Add(error);

        public void Finished(RunnerJob job, BatchWaitResult result) => Results.Add((job, result));

        public void WaitFailed(RunnerJob job, Exception error) => Errors.Add(error);

        public void Progress()
        {
            if (Runner is not null)
            {
                Snapshots.Add(Runner.Snapshot());
            }
        }
    }
}
