using Release0.Sandbox;

namespace Release0.Cli.Tests;

/// <summary>
/// <c>jobs run</c> through the real executable against a platform that limits its rate: throttled jobs wait
/// and come back instead of being given up, and a hostile limit header never makes the run wait on itself.
/// </summary>
public sealed class JobsPacingProcessTests : IDisposable
{
    private const string Submit = "/api/v1/chat/batch-message";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "release0-cli-pacing", Guid.NewGuid().ToString("N"));

    public JobsPacingProcessTests()
    {
        Directory.CreateDirectory(_folder);
    }

    [Fact]
    public async Task A_submit_refused_with_a_reset_no_date_can_hold_comes_back_and_the_run_ends_with_the_job_completed_once()
    {
        // Issue 27's hang: this answer once threw past the claim, and the run then waited on its own claim forever.
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.Zero });
        server.Faults.Add($"429-far*3@{Submit}");
        var file = await JobsAsync(1);
        var output = Path.Combine(_folder, "results");

        using var run = CliProcess.Start(CliRun.EnvironmentFor(server), null, "jobs", "run", file, "--out", output, "--retries", "0");
        var result = await run.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("1 job: 1 completed", result.Output);
        Assert.DoesNotContain("still running", result.Error);
        Assert.DoesNotContain("outcome unknown", result.Error);
        Assert.Equal(1, server.BatchSubmissions);
        Assert.False(Directory.Exists(Path.Combine(output, "poison")));
    }

    [Fact]
    public async Task Jobs_behind_the_sandboxes_rate_limit_all_complete_none_given_up_and_the_run_says_how_it_was_paced()
    {
        // Ten calls a second: fewer than a new connection's first burst, so the limit is met and learned.
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.Zero, RateLimit = 10 });
        var file = await JobsAsync(30);
        var output = Path.Combine(_folder, "results");

        using var run = CliProcess.Start(CliRun.EnvironmentFor(server), null, "jobs", "run", file, "--out", output, "--concurrency", "30", "--retries", "0");
        var result = await run.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("30 jobs: 30 completed", result.Output);
        Assert.Equal(30, server.BatchSubmissions);
        Assert.False(Directory.Exists(Path.Combine(output, "poison")));
        Assert.Matches(@"paced to about [\d.]+ calls/s; \d+ of \d+ calls refused", result.Error);
        Assert.True(server.RateLimit!.Refused > 0);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<string> JobsAsync(int count)
    {
        var file = Path.Combine(_folder, "jobs.jsonl");
        await File.WriteAllLinesAsync(file, Enumerable.Range(1, count).Select(i => $$"""{"jobId":"paced-{{i:00}}","agentId":"batch-echo","projectEnvId":"p","userProfileId":"u","messages":["Summarise {{i}}"]}"""));
        return file;
    }
}
