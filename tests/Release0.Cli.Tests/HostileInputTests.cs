using Xunit.Abstractions;
using Microsoft.AspNetCore.Http;

namespace Release0.Cli.Tests;

/// <summary>
/// Issue 27, point 6 (and point 4 for files written): input files are refused early and precisely,
/// in bounded memory, and what a run writes to disk holds no form of the token.
/// </summary>
public sealed class HostileInputTests
{
    private readonly ITestOutputHelper _log;

    public HostileInputTests(ITestOutputHelper log)
    {
        _log = log;
    }

    private static readonly string[] Submit = ["batch", "submit", "--agent", "a1", "--project-env", "pe_1", "--user-profile", "up_1"];

    [Fact]
    public async Task Invalid_utf8_in_a_messages_file_is_refused_with_its_line()
    {
        await using var platform = await HostileServer.StartAsync(context => context.Response.WriteAsync("{\"batchJobId\":\"b_1\"}"));
        var file = Path.Combine(Path.GetTempPath(), $"release0-messages-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllBytesAsync(file, [.. "\"first\"\n\"second\"\n\"th"u8, 0xC3, 0x28, .. "ird\"\n"u8]);
        try
        {
            var result = await CliRun.RunAsync(platform.Environment(), null, [.. Submit, "--messages-file", file]);

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: --messages-file {file} line 3 is not valid UTF-8; save the file as UTF-8 and try again; nothing was sent.\n", result.Error);
            Assert.Empty(platform.Received);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_jobs_file_without_end_is_refused_in_flat_memory()
    {
        await using var platform = await HostileServer.StartAsync(context => context.Response.WriteAsync("{}"));
        var results = Path.Combine(Path.GetTempPath(), $"release0-results-{Guid.NewGuid():N}");

        using var cli = CliProcess.StartMeasured(platform.Environment(), "jobs", "run", "/dev/zero", "--out", results);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: jobs file /dev/zero line 1 is longer than 30 MB; split it, or check that this is the file you meant.\n", result.Error);
        Assert.InRange(Peak(cli), 1, 300);
        Assert.Empty(platform.Received);
    }

    [Fact]
    public async Task A_messages_file_over_the_request_limit_is_refused_before_it_is_read()
    {
        var file = Path.Combine(Path.GetTempPath(), $"release0-messages-{Guid.NewGuid():N}.jsonl");
        await using (var stream = File.Create(file))
        {
            stream.SetLength(401L * 1024 * 1024);
        }

        try
        {
            using var cli = CliProcess.StartMeasured(new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = "http://127.0.0.1:9/" }, [.. Submit, "--messages-file", file]);
            var result = await cli.WaitForExitAsync();

            Assert.Equal(2, result.ExitCode);
            Assert.Equal($"error: --messages-file {file} is larger than 64 MB; split it into smaller files.\n", result.Error);
            Assert.InRange(Peak(cli), 1, 300);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("1ms")]
    [InlineData("9ms")]
    public async Task A_timeout_shorter_than_any_timer_honours_is_refused_in_one_line(string timeout)
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = "http://127.0.0.1:9/" }, null, "ask", "echo", "hi", "--timeout", timeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --timeout '{timeout}' is out of range; give a duration from 10ms to 7 days (168h).\n", result.Error);
    }

    [Fact]
    public async Task A_jobs_run_whose_poll_echoes_the_token_writes_no_form_of_it()
    {
        var escaped = string.Concat(HostileServer.Token.Select(c => $"\\u{(int)c:x4}"));
        await using var platform = await BatchPlatformAsync($"token {escaped} and {Uri.EscapeDataString(HostileServer.Token)}");
        using var folder = await JobsFolder.WithAsync("echo-1");

        var result = await CliRun.RunAsync(platform.Environment(), null, "jobs", "run", folder.Jobs, "--out", folder.Out);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[redacted]", await File.ReadAllTextAsync(Path.Combine(folder.Out, "batches", "echo-1.json")));
        UserSees.NoTokenInFiles(folder.Path);
        UserSees.NoToken(result.Output + result.Error);
    }

    [Fact]
    public async Task A_job_id_ending_in_a_line_feed_is_rejected_and_names_no_file()
    {
        await using var platform = await BatchPlatformAsync("done");
        using var folder = await JobsFolder.WithAsync("nightly-1\\n");

        using var cli = CliProcess.Start(platform.Environment(), null, "jobs", "run", folder.Jobs, "--out", folder.Out);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("1 job: 1 rejected", result.Output);
        Assert.Contains("error: line-1: rejected (see rejected/release0-batch-requests/sha256-", result.Error);
        var rejected = Assert.Single(Directory.GetFiles(folder.Out, "*.json", SearchOption.AllDirectories), f => f.Contains("rejected"));
        using var record = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(rejected));
        Assert.StartsWith("jobId 'nightly-1\n' may hold only letters", record.RootElement.GetProperty("reason").GetString());
        Assert.DoesNotContain(Directory.GetFileSystemEntries(folder.Path, "*", SearchOption.AllDirectories), entry => entry.Contains('\n'));
        Assert.Empty(platform.Received);
    }

    [Fact]
    public async Task A_result_write_failing_part_way_leaves_no_temporary_file_and_a_rerun_finishes()
    {
        // The poll's answer makes a result document of about 200 KB, past the first run's 64 KB file size limit.
        var reply = new string('x', 200_000);
        await using var platform = await BatchPlatformAsync(reply);
        using var folder = await JobsFolder.WithAsync("big-1");

        using var full = CliProcess.StartWithFileSizeLimit(64, platform.Environment(), "jobs", "run", folder.Jobs, "--out", folder.Out);
        var stopped = await full.WaitForExitAsync();
        var leftAfterStop = Directory.GetFiles(folder.Out, "*.tmp", SearchOption.AllDirectories);
        using var rerun = CliProcess.Start(platform.Environment(), null, "jobs", "run", folder.Jobs, "--out", folder.Out);
        var finished = await rerun.WaitForExitAsync();

        Assert.Equal(2, stopped.ExitCode);
        var stop = stopped.Error.TrimEnd().Split('\n').Last();
        Assert.StartsWith("error: stopped: cannot write batches/big-1.json in the result store: ", stop);
        Assert.EndsWith("run the same command again: finished jobs are kept and nothing is sent twice.", stop);
        Assert.Empty(leftAfterStop);
        Assert.Equal(0, finished.ExitCode);
        Assert.StartsWith("1 job: 1 completed", finished.Output);
        Assert.Contains(reply, await File.ReadAllTextAsync(Path.Combine(folder.Out, "batches", "big-1.json")));
        Assert.Empty(Directory.GetFiles(folder.Out, "*.tmp", SearchOption.AllDirectories));
        Assert.Single(platform.Received, r => r.Path.EndsWith("/batch-message", StringComparison.Ordinal));
    }

    /// <summary>A platform that accepts any batch as b_1 and answers its polls: completed, with one message of <paramref name="text"/> (written into the JSON as it is).</summary>
    private static Task<HostileServer> BatchPlatformAsync(string text) =>
        HostileServer.StartAsync(context => context.Request.Path.Value!.EndsWith("/batch-message", StringComparison.Ordinal)
            ? context.Response.WriteAsync("{\"batchJobId\":\"b_1\"}")
            : context.Response.WriteAsync($"{{\"status\":\"completed\",\"messages\":[{{\"type\":\"text\",\"text\":\"{text}\"}}]}}"));

    /// <summary>A folder of the test's own with a jobs file of one batch job, its results under <see cref="Out"/>; removed afterwards.</summary>
    private sealed class JobsFolder : IDisposable
    {
        private JobsFolder(string path) => Path = path;

        public string Path { get; }

        public string Jobs => System.IO.Path.Combine(Path, "jobs.jsonl");

        public string Out => System.IO.Path.Combine(Path, "out");

        /// <param name="jobId">The jobId as it is written into the JSON line (so "\\n" is an escaped line feed).</param>
        public static async Task<JobsFolder> WithAsync(string jobId)
        {
            var folder = new JobsFolder(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"release0-hostile-jobs-{Guid.NewGuid():N}"));
            Directory.CreateDirectory(folder.Path);
            await File.WriteAllTextAsync(folder.Jobs, $$"""{"jobId":"{{jobId}}","agentId":"a1","projectEnvId":"p","userProfileId":"u","messages":["hi"]}""" + "\n");
            return folder;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    /// <summary>The run's peak memory, also written to the test's output for the record.</summary>
    private long Peak(CliProcess cli)
    {
        var peak = cli.PeakMegabytes;
        _log.WriteLine($"peak resident memory: {peak} MB");
        return peak;
    }
}
