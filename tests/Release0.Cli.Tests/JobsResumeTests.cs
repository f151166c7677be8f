using System.Text.Json;
using System.Text.RegularExpressions;
using Release0.Sandbox;

namespace Release0.Cli.Tests;

/// <summary>
/// <c>jobs run</c> after a SIGKILL or a Ctrl+C, through the real executable: the rerun finishes what was
/// not in flight without waiting any lease and sends nothing twice; <c>--at-least-once</c> then resends
/// exactly the jobs whose outcome is unknown. Concurrent runs share a folder; refused runs leave nothing.
/// </summary>
public sealed class JobsResumeTests : IDisposable
{
    private const int EchoJobs = 8;
    private const int HeldJobs = 32;
    private const int Concurrency = 16;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "release0-cli-resume", Guid.NewGuid().ToString("N"));

    public JobsResumeTests()
    {
        Directory.CreateDirectory(_folder);
    }

    [Fact]
    public async Task After_a_SIGKILL_with_submits_in_flight_a_rerun_settles_them_at_once_and_at_least_once_resends_exactly_those()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.Zero });
        var (file, output, env) = Setup(server);

        using (var run = CliProcess.Start(env, null, "jobs", "run", file, "--out", output))
        {
            // Every worker is inside a submit the platform has accepted but not answered.
            await server.SubmitGate.WhenHeldAsync(Concurrency);
            run.KillHard();
            await run.WaitForExitAsync();
        }

        server.SubmitGate.Open();
        await RerunSettlesInFlightThenResendsThemAsync(server, env, file, output, inFlight: Concurrency, $"release0 jobs run {file} --out {output}");
    }

    [Fact]
    public async Task Ctrl_C_hands_back_unsent_jobs_exits_130_says_what_is_left_and_its_resume_command_behaves_the_same()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.Zero });

        // One submit is told to come back in a minute once the others are in flight (the platform's pause
        // then holds every later call): claimed, waiting to retry, not sent.
        server.Faults.Add($"429-held={Concurrency - 1}@/api/v1/chat/batch-message");
        var (file, output, env) = Setup(server);

        string resume;
        using (var run = CliProcess.Start(env, null, "jobs", "run", file, "--out", output))
        {
            await run.WaitForLineAsync("retrying in 60s");
            await server.SubmitGate.WhenHeldAsync(Concurrency - 1);
            run.Interrupt();
            var stopped = await run.WaitForExitAsync();

            Assert.Equal(130, stopped.ExitCode);
            var line = Assert.Single(stopped.Error.Split('\n'), l => l.StartsWith("interrupted: ", StringComparison.Ordinal));
            var left = Regex.Match(line, @"^interrupted: left (?:(\d+) completed, )?(?:(\d+) submitted \(a rerun polls them\), )?15 in flight \(a rerun ends them as outcome unknown; --at-least-once resends them\), (\d+) not sent \(a rerun sends them\); resume with: (.+)$");
            Assert.True(left.Success, line);
            Assert.Equal(EchoJobs + HeldJobs - 15, Count(left, 1) + Count(left, 2) + Count(left, 3));
            resume = left.Groups[4].Value;
        }

        Assert.Equal($"release0 jobs run {file} --out {output}", resume);
        var released = Assert.Single(Directory.GetFiles(Path.Combine(output, "claims", "batches"), "*-released.json", SearchOption.AllDirectories));
        Assert.Contains("stopped before the submit was sent", await File.ReadAllTextAsync(released));
        server.SubmitGate.Open();
        await RerunSettlesInFlightThenResendsThemAsync(server, env, file, output, inFlight: Concurrency - 1, resume);
    }

    [Fact]
    public async Task Two_concurrent_runs_on_one_folder_submit_each_job_once()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.Zero });
        var file = Path.Combine(_folder, "jobs.jsonl");
        await File.WriteAllLinesAsync(file, Enumerable.Range(1, 20).Select(i => Job($"both-{i:00}", "batch-echo")));
        var output = Path.Combine(_folder, "results");
        var env = CliRun.EnvironmentFor(server);

        var runs = await Task.WhenAll(
            CliRun.RunAsync(env, null, "jobs", "run", file, "--out", output),
            CliRun.RunAsync(env, null, "jobs", "run", file, "--out", output));

        Assert.All(runs, r => Assert.Equal((0, true), (r.ExitCode, r.Output.StartsWith("20 jobs: 20 completed; results in ", StringComparison.Ordinal))));
        Assert.Equal(20, server.BatchSubmissions);
        Assert.Equal(20, server.Requests.All.Count(r => r.Path == "/api/v1/chat/batch-message"));
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "runs")));
    }

    public static TheoryData<string, string> RefusedRuns => new()
    {
        { "missing", "jobs file {jobs} does not exist; give the JSON Lines file of jobs to run." },
        { "directory", "jobs file {jobs} is a directory; give the JSON Lines file of jobs to run." },
        { "out-under-a-file", "--out {out} cannot be created: {dir}/in-the-way is a file." },
    };

    [Theory]
    [MemberData(nameof(RefusedRuns))]
    public async Task A_refused_run_names_the_path_and_reason_in_one_line_and_creates_nothing(string kind, string expected)
    {
        var jobs = Path.Combine(_folder, kind == "directory" ? "a-directory" : "jobs.jsonl");
        var output = Path.Combine(_folder, kind == "out-under-a-file" ? "in-the-way/results" : "results");
        switch (kind)
        {
            case "directory":
                Directory.CreateDirectory(jobs);
                break;
            case "out-under-a-file":
                await File.WriteAllTextAsync(jobs, Job("j-1", "batch-echo"));
                await File.WriteAllTextAsync(Path.Combine(_folder, "in-the-way"), "a file");
                break;
        }

        var before = Entries();
        var result = await CliRun.RunAsync(null, null, "jobs", "run", jobs, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {expected.Replace("{jobs}", jobs).Replace("{out}", output).Replace("{dir}", _folder)}\n", result.Error);
        Assert.Equal(before, Entries());
    }

    [UnixFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_unreadable_jobs_file_is_refused_as_permission_denied_and_creates_nothing()
    {
        var jobs = Path.Combine(_folder, "secret.jsonl");
        await File.WriteAllTextAsync(jobs, Job("j-1", "batch-echo"));
        File.SetUnixFileMode(jobs, UnixFileMode.None);
        var before = Entries();

        using var cli = CliProcess.StartBoundByFileModes(null, null, "jobs", "run", jobs, "--out", Path.Combine(_folder, "results"));
        var result = await cli.WaitForExitAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: jobs file {jobs} cannot be read: permission denied; give a file you may read.\n", result.Error);
        Assert.Equal(before, Entries());
    }

    [Fact]
    public async Task A_refused_batch_submit_writes_no_poll_history()
    {
        var environment = new Dictionary<string, string> { ["RELEASE0_POLL_HISTORY"] = Path.Combine(_folder, "history", "poll-history.json") };

        var result = await CliRun.RunAsync(environment, null, "batch", "submit", "--agent", "a", "--project-env", "p", "--user-profile", "u", "--messages-file", Path.Combine(_folder, "nope.json"), "--wait");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --messages-file {Path.Combine(_folder, "nope.json")} does not exist; give a JSON or JSON Lines file.\n", result.Error);
        Assert.Empty(Entries());
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>
    /// The plain rerun completes every job that was not in flight and ends those as outcome unknown,
    /// at once and without sending any twice; the resend it suggests completes exactly those.
    /// </summary>
    private static async Task RerunSettlesInFlightThenResendsThemAsync(SandboxServer server, Dictionary<string, string> env, string file, string output, int inFlight, string command)
    {
        var total = EchoJobs + HeldJobs;
        var rerun = await CliRun.RunAsync(env, null, Words(command));

        Assert.Equal(1, rerun.ExitCode);
        Assert.StartsWith($"{total} jobs: {total - inFlight} completed, {inFlight} outcome unknown; {inFlight} claims of a run that had stopped, settled without waiting; results in ", rerun.Output);
        Assert.DoesNotContain("looking again", rerun.Error);
        Assert.Equal(total, server.BatchSubmissions);
        var resend = $"{command} --at-least-once";
        Assert.Contains($"{inFlight} jobs may or may not have reached the platform and were not sent again; to resend them (at the risk of running one twice): {resend}\n", rerun.Error);
        var unknown = Directory.GetFiles(Path.Combine(output, "batches")).Where(f => File.ReadAllText(f).Contains("\"OutcomeUnknown\"")).ToList();
        Assert.Equal(inFlight, unknown.Count);
        var known = Directory.GetFiles(Path.Combine(output, "batches")).Except(unknown).ToDictionary(f => f, File.ReadAllText);

        var resent = await CliRun.RunAsync(env, null, Words(resend));

        Assert.Equal(0, resent.ExitCode);
        Assert.StartsWith($"{total} jobs: {total} completed; results in ", resent.Output);
        Assert.Equal(total + inFlight, server.BatchSubmissions);
        Assert.Equal(known, known.Keys.ToDictionary(f => f, File.ReadAllText));
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "runs")));
        foreach (var path in unknown)
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
            Assert.Equal("completed", document.RootElement.GetProperty("outcome").GetString());
            Assert.Equal("OutcomeUnknown", Assert.Single(document.RootElement.GetProperty("history").EnumerateArray()).GetProperty("error").GetProperty("kind").GetString());
        }
    }

    /// <summary>A printed command line, as a shell would split it (these paths need no quotes).</summary>
    private static string[] Words(string command) => command.Split(' ').Skip(1).ToArray();

    private static int Count(Match match, int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value) : 0;

    private static string Job(string id, string agent) =>
        $$"""{"jobId":"{{id}}","agentId":"{{agent}}","projectEnvId":"p","userProfileId":"u","messages":["Summarise {{id}}"]}""";

    /// <summary>Quick jobs first, then more held submits than there are workers.</summary>
    private (string File, string Output, Dictionary<string, string> Env) Setup(SandboxServer server)
    {
        var file = Path.Combine(_folder, "jobs.jsonl");
        File.WriteAllLines(file, Enumerable.Range(1, EchoJobs).Select(i => Job($"quick-{i:00}", "batch-echo"))
            .Concat(Enumerable.Range(1, HeldJobs).Select(i => Job($"slow-{i:00}", "batch-held"))));
        return (file, Path.Combine(_folder, "results"), CliRun.EnvironmentFor(server));
    }

    private List<string> Entries() => Directory.GetFileSystemEntries(_folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
}

/// <summary>A fact about Unix file modes, skipped on Windows, which has none.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        Skip = OperatingSystem.IsWindows() ? "Unix file modes do not exist on Windows" : null;
    }
}
