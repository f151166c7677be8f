using Release0.Sandbox;

namespace Release0.Cli.Tests;

/// <summary>Batches too big for one request: refused before sending, or split with --batch-size.</summary>
public sealed class LargeBatchTests : IDisposable
{
    private static readonly string[] Ids = ["--agent", "batch-polls-1", "--project-env", "pe_1", "--user-profile", "up_1"];
    private readonly string _folder = Directory.CreateTempSubdirectory("release0-batch-").FullName;

    [Fact]
    public async Task An_oversized_request_is_refused_before_sending_with_its_size_and_the_limit()
    {
        await using var server = await SandboxServer.StartAsync();
        var file = Path.Combine(_folder, "big.jsonl");
        var line = "\"" + new string('x', 1_000_000) + "\"\n";
        await File.WriteAllTextAsync(file, string.Concat(Enumerable.Repeat(line, 31)));

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, ["batch", "submit", .. Ids, "--messages-file", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"^error: The batch request is 31(\.\d)? MB \([\d,]+ bytes\) with 31 messages; the most one request may carry is 30 MB \(30,000,000 bytes\)\. Nothing was sent; split the messages over several jobs \(release0 batch submit --batch-size N\)\.\n$", result.Error);
        Assert.Equal(0, server.BatchSubmissions);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task Batch_size_splits_a_messages_file_into_jobs_reported_one_by_one()
    {
        await using var server = await SandboxServer.StartAsync();
        var file = Path.Combine(_folder, "five.jsonl");
        await File.WriteAllLinesAsync(file, ["\"one\"", "\"two\"", "\"three\"", "\"four\"", "\"five\""]);

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, ["batch", "submit", .. Ids, "--messages-file", file, "--batch-size", "2"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, server.BatchSubmissions);
        var ids = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, ids.Length);
        Assert.Equal(
            [$"submitted job 1 of 3 (2 messages): batch {ids[0]}", $"submitted job 2 of 3 (2 messages): batch {ids[1]}", $"submitted job 3 of 3 (1 message): batch {ids[2]}"],
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Batch_size_with_wait_waits_for_each_job_in_turn()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, ["batch", "submit", .. Ids, "--message", "a", "--message", "b", "--message", "c", "--batch-size", "2", "--wait", "--quiet"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^batch bj_\w+: Completed after 1 poll in [\d.]+s\nagent: Echo: a\nagent: Echo: b\nbatch bj_\w+: Completed after 1 poll in [\d.]+s\nagent: Echo: c\n$", result.Output);
        Assert.Matches(@"^submitted job 1 of 2 \(2 messages\): batch bj_\w+\nsubmitted job 2 of 2 \(1 message\): batch bj_\w+\n$", result.Error);
    }

    [Fact]
    public async Task A_directory_given_as_messages_file_is_named()
    {
        var result = await CliRun.RunAsync(null, null, ["batch", "submit", .. Ids, "--messages-file", _folder]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --messages-file {_folder} is a directory; give a JSON or JSON Lines file.\n", result.Error);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
