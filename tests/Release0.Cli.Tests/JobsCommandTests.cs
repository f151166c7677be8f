using Release0.Sandbox;

namespace Release0.Cli.Tests;

public sealed class JobsCommandTests
{
    [Fact]
    public async Task Jobs_run_writes_results_shows_progress_and_fails_when_a_job_fails()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.Zero });
        var folder = Path.Combine(Path.GetTempPath(), "release0-cli-jobs", Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "jobs.jsonl");
        Directory.CreateDirectory(folder);
        await File.WriteAllLinesAsync(file,
        [
            """{"jobId":"nightly-1","agentId":"batch-echo","projectEnvId":"p","userProfileId":"u","messages":["Summarise"]}""",
            """{"eventId":"ticket-7","agentId":"echo","replies":["printer on fire","bye"]}""",
            """{"jobId":"broken","agentId":"batch-echo"}""",
        ]);
        var env = CliRun.EnvironmentFor(server);
        try
        {
            var first = await CliRun.RunAsync(env, null, "jobs", "run", file, "--out", Path.Combine(folder, "out"));
            var rerun = await CliRun.RunAsync(env, null, "jobs", "run", file, "--out", Path.Combine(folder, "out"));

            Assert.Equal(1, first.ExitCode);
            Assert.Contains("rejected broken: rejected", first.Error);
            Assert.Contains("[3/3] ", first.Error);
            Assert.Contains("chat ticket-7: completed", first.Error);
            Assert.Contains("batch nightly-1: completed", first.Error);
            Assert.Contains("error: broken: rejected", first.Error);
            Assert.StartsWith("3 jobs: 2 completed, 1 rejected; results in ", first.Output);
            Assert.True(File.Exists(Path.Combine(folder, "out", "batches", "nightly-1.json")));
            Assert.Contains("You said: printer on fire", await File.ReadAllTextAsync(Path.Combine(folder, "out", "chats", "ticket-7.json")));
            Assert.Contains("agentId", await File.ReadAllTextAsync(Path.Combine(folder, "out", "rejected", "release0-batch-requests", "broken.json")));

            // A rerun redoes nothing: no progress lines, same summary, same exit code.
            Assert.Equal(1, rerun.ExitCode);
            Assert.DoesNotContain("/3] ", rerun.Error);
            Assert.Equal(first.Output, rerun.Output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_unreadable_jobs_file_is_bad_input()
    {
        var result = await CliRun.RunAsync(null, null, "jobs", "run", "/nonexistent/jobs.jsonl", "--out", Path.GetTempPath());

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: Cannot read jobs file /nonexistent/jobs.jsonl", result.Error);
    }
}
