using System.Text.Json;
using Release0.Bench;
using Release0.Core.Batches;
using Release0.Core.Connection;

namespace Release0.Core.Tests;

public sealed class LearnedPollingTests
{
    // An agent whose jobs took 60 to 170 seconds, about 100 s at the median.
    private static readonly TimeSpan[] History = [.. new[] { 60, 75, 85, 90, 95, 100, 100, 105, 110, 120, 135, 170 }.Select(s => TimeSpan.FromSeconds(s))];

    [Fact]
    public void A_learned_schedule_is_sparse_early_and_dense_around_the_agents_usual_duration()
    {
        var options = new BatchWaitOptions { Jitter = 0 };
        var schedule = new BatchPollSchedule(options, History, new Random(1));

        var times = PollTimes(schedule, 16);

        Assert.InRange(times[0], 40, 80);
        Assert.True(times.Count(t => t is >= 60 and <= 170) >= 12, $"polls at {string.Join(", ", times)}");
        var firstGap = times[1] - times[0];
        var gapNearMedian = times.Zip(times.Skip(1), (a, b) => (a, b)).First(p => p.a >= 100).b - times.First(t => t >= 100);
        Assert.True(gapNearMedian < firstGap, $"gap near the median {gapNearMedian:0.0} s, first gap {firstGap:0.0} s");
    }

    [Fact]
    public void Past_the_learned_polls_intervals_grow_geometrically_up_to_the_cap()
    {
        var options = new BatchWaitOptions { Jitter = 0, LearnedPolls = 4, BackoffFactor = 1.2, MaxInterval = TimeSpan.FromSeconds(90) };
        var schedule = new BatchPollSchedule(options, History);
        var learned = LearnedPollSchedule.From(History, options)!;
        var lastLearned = PollTimes(schedule, 4)[^1];

        var fallback = Enumerable.Range(5, 8).Select(p => schedule.DelayBefore(p).TotalSeconds).ToList();

        Assert.Equal(4, learned.LearnedPolls);
        Assert.Equal(lastLearned * 0.2, fallback[0], 3);
        Assert.Equal(lastLearned * 0.2 * 1.2, fallback[1], 3);
        Assert.Equal(90, fallback[^1], 3);
    }

    [Fact]
    public void With_fewer_than_three_earlier_jobs_the_geometric_schedule_is_kept()
    {
        var options = new BatchWaitOptions { History = History.Take(2).ToList() };

        Assert.Null(LearnedPollSchedule.From(options.History, options));
        var withHistory = new BatchPollSchedule(options, new Random(3));
        var without = new BatchPollSchedule(new BatchWaitOptions(), new Random(3));
        Assert.Equal(Enumerable.Range(1, 10).Select(without.DelayBefore), Enumerable.Range(1, 10).Select(withHistory.DelayBefore));
    }

    [Fact]
    public async Task A_wait_with_history_notices_a_usual_job_sooner_and_with_fewer_polls_and_reports_its_duration()
    {
        var jobLength = TimeSpan.FromSeconds(104);
        var reported = new List<TimeSpan>();
        var learned = await WaitForAsync(jobLength, new BatchWaitOptions { History = History, OnCompleted = reported.Add });
        var plain = await WaitForAsync(jobLength, new BatchWaitOptions());

        Assert.Equal(BatchOutcome.Completed, learned.Result.Outcome);
        Assert.True(learned.Result.Polls < plain.Result.Polls, $"learned {learned.Result.Polls} polls, plain {plain.Result.Polls}");
        Assert.True(learned.Late < plain.Late, $"learned noticed {learned.Late.TotalSeconds:0.0} s late, plain {plain.Late.TotalSeconds:0.0} s");
        Assert.True(learned.Late < TimeSpan.FromSeconds(10), $"noticed {learned.Late.TotalSeconds:0.0} s late");

        // The job ended between the last two polls; the reported duration is the middle of that interval.
        var duration = Assert.Single(reported);
        Assert.InRange(duration, jobLength - learned.Late, learned.Result.Elapsed);
    }

    [Fact]
    public async Task A_failed_or_timed_out_wait_reports_no_duration()
    {
        var reported = new List<TimeSpan>();
        var options = new BatchWaitOptions { History = History, OnCompleted = reported.Add, Timeout = TimeSpan.FromSeconds(30) };

        var timedOut = await WaitForAsync(TimeSpan.FromMinutes(10), options);

        Assert.Equal(BatchOutcome.TimedOut, timedOut.Result.Outcome);
        Assert.Empty(reported);
    }

    [Fact]
    public void The_history_keeps_the_newest_durations_of_each_agent_and_forgets_the_quietest_agent_first()
    {
        var history = new PollHistory();
        for (var i = 1; i <= PollHistory.PerAgent + 5; i++)
        {
            history.Record("busy", TimeSpan.FromSeconds(i));
        }

        history.Record("busy", TimeSpan.Zero);
        Assert.Equal(PollHistory.PerAgent, history.DurationsOf("busy").Count);
        Assert.Equal(TimeSpan.FromSeconds(6), history.DurationsOf("busy")[0]);
        Assert.Equal(TimeSpan.FromSeconds(PollHistory.PerAgent + 5), history.DurationsOf("busy")[^1]);

        history.Record("quiet", TimeSpan.FromSeconds(1));
        for (var agent = 0; agent < PollHistory.MaxAgents - 1; agent++)
        {
            history.Record($"agent-{agent}", TimeSpan.FromSeconds(1));
        }

        history.Record("busy", TimeSpan.FromSeconds(1));
        history.Record("newcomer", TimeSpan.FromSeconds(1));

        Assert.Empty(history.DurationsOf("quiet"));
        Assert.NotEmpty(history.DurationsOf("busy"));
        Assert.Equal(PollHistory.MaxAgents, history.Snapshot().Count);
    }

    [Fact]
    public void The_history_file_round_trips_and_a_missing_or_corrupt_file_reads_as_empty()
    {
        using var folder = new TempFolder();
        var file = new PollHistoryFile(Path.Combine(folder.Path, "release0", "poll-history.json"));
        Assert.Empty(file.Load().Snapshot());

        var history = new PollHistory();
        history.Record("batch-echo", TimeSpan.FromSeconds(12.5));
        history.Record("batch-echo", TimeSpan.FromSeconds(14));
        history.Record("nightly", TimeSpan.FromMinutes(9));
        Assert.True(file.Save(history));

        var loaded = file.Load();
        Assert.Equal([TimeSpan.FromSeconds(12.5), TimeSpan.FromSeconds(14)], loaded.DurationsOf("batch-echo"));
        Assert.Equal([TimeSpan.FromMinutes(9)], loaded.DurationsOf("nightly"));
        using (var document = JsonDocument.Parse(File.ReadAllText(file.Path)))
        {
            Assert.Equal(540, document.RootElement.GetProperty("agents").GetProperty("nightly")[0].GetDouble());
        }

        File.WriteAllText(file.Path, "{\"agents\": {\"batch-echo\": [12, -4, \"x\"");
        Assert.Empty(file.Load().Snapshot());
        File.WriteAllText(file.Path, "{\"agents\": {\"batch-echo\": [12, -4, 0, 1e12]}}");
        Assert.Equal([TimeSpan.FromSeconds(12)], file.Load().DurationsOf("batch-echo"));

        Assert.True(file.Save(loaded));
        Assert.Equal(2, file.Load().DurationsOf("batch-echo").Count);
        Assert.Equal([Path.GetFileName(file.Path), Path.GetFileName(file.Path) + ".lock"], Directory.GetFiles(Path.GetDirectoryName(file.Path)!).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_wait_set_up_from_the_file_follows_the_agents_history_and_adds_the_completed_job_to_the_file()
    {
        using var folder = new TempFolder();
        var file = new PollHistoryFile(Path.Combine(folder.Path, "poll-history.json"));
        var saved = new PollHistory();
        foreach (var duration in History)
        {
            saved.Record("batch-echo", duration);
        }

        file.Save(saved);
        var options = new BatchWaitOptions();
        file.LearnFor(options, "batch-echo");

        var learned = await WaitForAsync(TimeSpan.FromSeconds(104), options);
        var plain = await WaitForAsync(TimeSpan.FromSeconds(104), new BatchWaitOptions());

        Assert.True(learned.Result.Polls < plain.Result.Polls, $"learned {learned.Result.Polls} polls, plain {plain.Result.Polls}");
        var recorded = file.Load().DurationsOf("batch-echo");
        Assert.Equal(History.Length + 1, recorded.Count);
        Assert.InRange(recorded[^1], TimeSpan.FromSeconds(104) - learned.Late, learned.Result.Elapsed);
        Assert.Empty(file.Load().DurationsOf("other-agent"));
    }

    [Fact]
    public async Task Waiting_for_a_submitted_job_on_the_sandbox_learns_from_the_file_and_records_the_job()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);
        using var folder = new TempFolder();
        var file = new PollHistoryFile(Path.Combine(folder.Path, "poll-history.json"));
        var earlier = new PollHistory();
        foreach (var seconds in new[] { 1.0, 1.2, 1.4 })
        {
            earlier.Record("batch-polls-3", TimeSpan.FromSeconds(seconds));
        }

        file.Save(earlier);
        var options = new BatchWaitOptions { Timeout = TimeSpan.FromMinutes(5) };
        file.LearnFor(options, "batch-polls-3");
        var batches = new BatchClient(connection);

        var submission = await batches.SubmitAsync(new BatchRequest { AgentId = "batch-polls-3", ProjectEnvId = "pe_1", UserProfileId = "up_1", Messages = [BatchMessage.FromText("hi")] });
        var waiting = batches.WaitAsync(submission.BatchJobId, "up_1", options);

        // Only poll intervals (under 2 s here) move the test's clock, never a call's 30 s timers.
        while (await Task.WhenAny(waiting, clock.WhenWaitingAsync(TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2))) != waiting)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        var result = await waiting;

        Assert.Equal(BatchOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.Polls);
        var recorded = file.Load().DurationsOf("batch-polls-3");
        Assert.Equal(4, recorded.Count);
        Assert.InRange(recorded[^1], TimeSpan.FromTicks(1), result.Elapsed);
    }

    [Fact]
    public void The_history_file_defaults_to_the_users_local_data_folder_unless_a_path_is_configured()
    {
        var expected = Environment.GetEnvironmentVariable(PollHistoryFile.PathVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "release0", "poll-history.json");

        Assert.Equal(expected, PollHistoryFile.DefaultPath);
        Assert.Equal(expected, PollHistoryFile.ForCurrentUser()!.Path);
    }

    [Fact]
    public void Setting_the_history_variable_to_off_keeps_no_history()
    {
        Assert.Null(PollHistoryFile.ForCurrentUser(name => name == PollHistoryFile.PathVariable ? " OFF " : null));
        Assert.Equal(Path.GetFullPath("h.json"), PollHistoryFile.ForCurrentUser(name => name == PollHistoryFile.PathVariable ? "h.json" : null)!.Path);
    }

    [Fact]
    public void Learned_polls_out_of_range_are_named()
    {
        var error = Assert.Throws<Release0ConfigurationException>(new BatchWaitOptions { LearnedPolls = 0 }.Validate);

        Assert.Equal("LearnedPolls", error.Setting);
    }

    private static List<double> PollTimes(BatchPollSchedule schedule, int polls)
    {
        var at = 0.0;
        return Enumerable.Range(1, polls).Select(p => at += schedule.DelayBefore(p).TotalSeconds).ToList();
    }

    private static async Task<(BatchWaitResult Result, TimeSpan Late)> WaitForAsync(TimeSpan jobLength, BatchWaitOptions options)
    {
        using var running = JsonDocument.Parse("""{"status":"running"}""");
        using var done = JsonDocument.Parse("""{"status":"completed","messages":[{"type":"text","text":"ok"}]}""");
        var clock = new SimulatedClock();
        var endsAt = clock.GetUtcNow() + jobLength;
        var result = await BatchPoller.WaitAsync(
            "job-1",
            _ => Task.FromResult(BatchStatusClassifier.Classify("job-1", clock.GetUtcNow() >= endsAt ? done.RootElement : running.RootElement)),
            options,
            clock,
            random: new Random(11));
        return (result, result.EndedAt - endsAt);
    }
}
