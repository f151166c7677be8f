using Release0.Sandbox;

namespace Release0.Cli.Tests;

public sealed class JobsCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "release0-cli-jobs", Guid.NewGuid().ToString("N"));

    public JobsCommandTests()
    {
        Directory.CreateDirectory(_folder);
    }

    [Fact]
    public async Task Jobs_run_writes_results_shows_progress_and_fails_when_a_job_fails()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.Zero });
        var file = await JobsFileAsync(
            """{"jobId":"nightly-1","agentId":"batch-echo","projectEnvId":"p","userProfileId":"u","messages":["Summarise"]}""",
            """{"eventId":"ticket-7","agentId":"echo","replies":["printer on fire","bye"]}""",
            """{"jobId":"broken","agentId":"batch-echo"}""");
        var env = CliRun.EnvironmentFor(server);

        // As in the README: a trailing slash on --out.
        var first = await CliRun.RunAsync(env, null, "jobs", "run", file, "--out", Path.Combine(_folder, "out") + "/");
        var rerun = await CliRun.RunAsync(env, null, "jobs", "run", file, "--out", Path.Combine(_folder, "out") + "/");

        Assert.Equal(1, first.ExitCode);
        Assert.Contains("rejected broken: rejected", first.Error);
        Assert.Contains("[3/3] ", first.Error);
        Assert.Contains("chat ticket-7: completed", first.Error);
        Assert.Contains("batch nightly-1: completed", first.Error);
        Assert.Contains("error: broken: rejected (see rejected/release0-batch-requests/broken.json)", first.Error);
        Assert.StartsWith("3 jobs: 2 completed, 1 rejected; results in ", first.Output);
        Assert.True(File.Exists(Path.Combine(_folder, "out", "batches", "nightly-1.json")));
        Assert.Contains("You said: printer on fire", await File.ReadAllTextAsync(Path.Combine(_folder, "out", "chats", "ticket-7.json")));
        Assert.Contains("agentId", await File.ReadAllTextAsync(Path.Combine(_folder, "out", "rejected", "release0-batch-requests", "broken.json")));

        // A rerun redoes nothing and says nothing beyond the summary: no progress, no verbose lines.
        Assert.Equal(1, rerun.ExitCode);
        Assert.DoesNotContain("/3] ", rerun.Error);
        Assert.DoesNotContain("verbose:", rerun.Error);
        Assert.Equal("error: broken: rejected (see rejected/release0-batch-requests/broken.json)", rerun.Error.Trim());
        Assert.Equal(first.Output, rerun.Output);
        Assert.Equal(1, server.BatchSubmissions);
    }

    public static TheoryData<string, string> UnusableFolders => new()
    {
        { "file", "is a file, not a folder" },
        { "/dev/null", "is a file, not a folder" },
        { "unwritable", "is not a writable folder" },
    };

    [Theory]
    [MemberData(nameof(UnusableFolders))]
    public async Task An_unusable_out_folder_is_refused_in_one_line_before_the_jobs_file_is_read(string kind, string problem)
    {
        var folder = kind switch
        {
            "file" => Path.Combine(_folder, "results.txt"),
            "unwritable" => UnwritableFolder(),
            _ => kind,
        };
        if (kind == "file")
        {
            await File.WriteAllTextAsync(folder, "not a folder");
        }

        var result = await CliRun.RunAsync(null, null, "jobs", "run", "/nonexistent/jobs.jsonl", "--out", folder);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: --out {folder} {problem}", result.Error);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("jobs.jsonl", result.Error);
    }

    [Fact]
    public async Task A_write_failing_mid_run_stops_with_the_path_and_reason_and_a_rerun_finishes_without_resubmitting()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.Zero });
        var file = await JobsFileAsync("""{"jobId":"nightly-2","agentId":"batch-echo","projectEnvId":"p","userProfileId":"u","messages":["Summarise"]}""");
        var output = Path.Combine(_folder, "out");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "batches"), "in the way");
        var env = CliRun.EnvironmentFor(server);

        var stopped = await CliRun.RunAsync(env, null, "jobs", "run", file, "--out", output);
        File.Delete(Path.Combine(output, "batches"));
        var rerun = await CliRun.RunAsync(env, null, "jobs", "run", file, "--out", output);

        Assert.Equal(2, stopped.ExitCode);
        Assert.Contains("error: stopped: cannot write batches/nightly-2.json in the result store: ", stopped.Error);
        Assert.Contains("run the same command again", stopped.Error);
        Assert.Equal(string.Empty, stopped.Output);
        Assert.Equal(0, rerun.ExitCode);
        Assert.StartsWith("1 job: 1 completed", rerun.Output);
        Assert.Equal(1, server.BatchSubmissions);
        Assert.Equal(1, server.Requests.All.Count(r => r.Path == "/api/v1/chat/batch-message"));
    }

    [Fact]
    public async Task An_empty_jobs_file_says_there_is_nothing_to_run()
    {
        await using var server = await SandboxServer.StartAsync();
        var file = await JobsFileAsync(string.Empty);

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "jobs", "run", file, "--out", Path.Combine(_folder, "out"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"no jobs: {Path.GetFileName(file)} has no lines to run; results in ", result.Output);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task Waiting_for_a_submitted_job_is_announced_and_quiet_silences_it()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.Zero });
        var file = await JobsFileAsync("""{"jobId":"seen-1","agentId":"batch-polls-1","projectEnvId":"p","userProfileId":"u","messages":["hi"]}""");
        var env = CliRun.EnvironmentFor(server);

        var shown = await CliRun.RunAsync(env, null, "jobs", "run", file, "--out", Path.Combine(_folder, "shown"));
        var quiet = await CliRun.RunAsync(env, null, "jobs", "run", file, "--out", Path.Combine(_folder, "quiet"), "--quiet");

        Assert.Equal((0, 0), (shown.ExitCode, quiet.ExitCode));
        Assert.Matches(@"batch bj_\w+ \(job seen-1\): submitted; next poll in", shown.Error);
        Assert.DoesNotContain("next poll", quiet.Error);
    }

    [Fact]
    public async Task A_500_on_submit_leaves_the_outcome_unknown_a_rerun_never_resends_it_and_at_least_once_does()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.Zero });
        server.Faults.Add("500@/api/v1/chat/batch-message");
        var file = await JobsFileAsync("""{"jobId":"nightly-3","agentId":"batch-echo","projectEnvId":"p","userProfileId":"u","messages":["Summarise"]}""");
        var env = CliRun.EnvironmentFor(server);
        string[] run = ["jobs", "run", file, "--out", Path.Combine(_folder, "out")];

        var result = await CliRun.RunAsync(env, null, run);
        var rerun = await CliRun.RunAsync(env, null, run);

        Assert.Equal((1, 1), (result.ExitCode, rerun.ExitCode));
        Assert.StartsWith("1 job: 1 outcome unknown; results in ", rerun.Output);
        Assert.Contains("error: nightly-3: outcome unknown (see batches/nightly-3.json)", result.Error);
        Assert.Contains($"1 job may or may not have reached the platform and was not sent again; to resend it (at the risk of running it twice): release0 jobs run {file} --out {Path.Combine(_folder, "out")} --at-least-once", rerun.Error);
        Assert.Contains("Not resent", await File.ReadAllTextAsync(Path.Combine(_folder, "out", "batches", "nightly-3.json")));
        Assert.Equal(1, server.Requests.All.Count(r => r.Path == "/api/v1/chat/batch-message"));

        var resent = await CliRun.RunAsync(env, null, [.. run, "--at-least-once"]);

        Assert.Equal(0, resent.ExitCode);
        Assert.StartsWith("1 job: 1 completed; results in ", resent.Output);
        Assert.Equal(2, server.Requests.All.Count(r => r.Path == "/api/v1/chat/batch-message"));
        using var document = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "out", "batches", "nightly-3.json")));
        Assert.Equal(500, Assert.Single(document.RootElement.GetProperty("history").EnumerateArray()).GetProperty("error").GetProperty("status").GetInt32());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A folder this process cannot write in: read-only for a normal user; /proc for root, who ignores permissions.</summary>
    private string UnwritableFolder()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            return "/proc/1";
        }

        var folder = Path.Combine(_folder, "read-only");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return folder;
    }

    private async Task<string> JobsFileAsync(params string[] lines)
    {
        var file = Path.Combine(_folder, "jobs.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        return file;
    }
}
