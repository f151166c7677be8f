using Release0.Core.Batches;
using System.Text.Json;
using Release0.Sandbox;

namespace Release0.Cli.Tests;

public sealed class AskAndBatchCommandTests
{
    private static readonly string[] BatchIds = ["--agent", "batch-polls-2", "--project-env", "pe_1", "--user-profile", "up_1"];

    [Fact]
    public async Task Ask_prints_the_reply_and_says_how_to_continue()
    {
        await using var server = await SandboxServer.StartAsync();
        var env = CliRun.EnvironmentFor(server);

        var first = await CliRun.RunAsync(env, null, "ask", "echo", "hello", "--json");
        using var json = JsonDocument.Parse(first.Output);
        var conversation = json.RootElement.GetProperty("conversationId").GetString()!;
        var second = await CliRun.RunAsync(env, null, "ask", "echo", "again", "--conversation", conversation);

        Assert.Equal("Echo #1: hello", json.RootElement.GetProperty("response").GetString());
        Assert.Equal("Echo #2: again\n", second.Output);
        Assert.Equal($"(conversation {conversation}: continue with --conversation {conversation})\n", second.Error);
    }

    [Fact]
    public async Task Ask_stream_writes_the_reply_as_it_arrives()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "ask", "slow-stream", "the plan", "--stream");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Streaming reply to: the plan\n", result.Output);
    }

    [Fact]
    public async Task A_cut_stream_exits_1_saying_the_reply_is_incomplete()
    {
        await using var server = await SandboxServer.StartAsync();

        var text = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "ask", "cut-stream", "hi", "--stream");
        var json = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "ask", "cut-stream", "hi", "--stream", "--json");

        Assert.Equal(1, text.ExitCode);
        Assert.Equal("This reply will be cut off\n", text.Output);
        Assert.Contains("error: stream agent message failed: the reply is incomplete: the stream ended before [DONE] after 26 characters", text.Error);
        Assert.Equal(1, json.ExitCode);
        using var partial = JsonDocument.Parse(json.Output);
        Assert.False(partial.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal("This reply will be cut off", partial.RootElement.GetProperty("response").GetString());
    }

    [Fact]
    public async Task Batch_submit_prints_the_job_id_and_get_and_wait_follow_it()
    {
        await using var server = await SandboxServer.StartAsync();
        var env = CliRun.EnvironmentFor(server);

        var submitted = await CliRun.RunAsync(env, null, ["batch", "submit", .. BatchIds, "--message", "Summarise", "--json"]);
        using var submit = JsonDocument.Parse(submitted.Output);
        var id = submit.RootElement.GetProperty("batchJobId").GetString()!;
        var pending = await CliRun.RunAsync(env, null, "batch", "get", id, "--user-profile", "up_1", "--json");
        var waited = await CliRun.RunAsync(env, null, "batch", "wait", id, "--user-profile", "up_1", "--json");

        Assert.StartsWith("bj_", id);
        using var get = JsonDocument.Parse(pending.Output);
        Assert.Equal("pending", get.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, waited.ExitCode);
        using var wait = JsonDocument.Parse(waited.Output);
        Assert.Equal("completed", wait.RootElement.GetProperty("status").GetString());
        Assert.Equal("Echo: Summarise", wait.RootElement.GetProperty("messages")[0].GetProperty("text").GetString());
        Assert.Equal("completed", wait.RootElement.GetProperty("lastResponse").GetProperty("status").GetString());
        Assert.Matches(@"^batch bj_\w+: submitted; next poll in \d+(\.\d)?s\n$", waited.Error);
    }

    [Fact]
    public async Task Batch_submit_wait_reads_a_messages_file_and_prints_the_outcome()
    {
        await using var server = await SandboxServer.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"msgs-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, "\"first\"\n{\"type\":\"\",\"text\":\"second\"}\n");
        try
        {
            var environment = CliRun.EnvironmentFor(server);
            var result = await CliRun.RunAsync(environment, null, ["batch", "submit", .. BatchIds, "--messages-file", file, "--wait"]);

            Assert.Equal(0, result.ExitCode);
            Assert.Matches(@"^batch bj_\w+: Completed after 2 polls in [\d.]+s\nagent: Echo: first\nagent: Echo: second\n$", result.Output);
            Assert.StartsWith("submitted batch bj_", result.Error);

            // The wait started at submission, so the agent's duration is learned for its next jobs.
            var history = new PollHistoryFile(environment["RELEASE0_POLL_HISTORY"]);
            Assert.Single(history.Load().DurationsOf(BatchIds[1]));
            File.Delete(history.Path);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_failed_job_exits_1_and_a_timed_out_wait_exits_3()
    {
        await using var server = await SandboxServer.StartAsync();
        var env = CliRun.EnvironmentFor(server);

        var failed = await CliRun.RunAsync(env, null, "batch", "submit", "--agent", "batch-fail", "--project-env", "p", "--user-profile", "u", "--message", "x", "--wait");
        var timedOut = await CliRun.RunAsync(env, null, "batch", "submit", "--agent", "batch-never", "--project-env", "p", "--user-profile", "u", "--message", "x", "--wait", "--timeout", "2500ms", "--json");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("failed: AGENT_ERROR: The agent could not answer: upstream model error.", failed.Error);
        Assert.Equal(3, timedOut.ExitCode);
        using var json = JsonDocument.Parse(timedOut.Output);
        Assert.Equal("timedOut", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("running", json.RootElement.GetProperty("lastResponse").GetProperty("status").GetString());
        Assert.Contains("was still running after 2.5s; wait again with 'release0 batch wait", timedOut.Error);
    }

    [Fact]
    public async Task A_malformed_messages_file_is_rejected_with_its_line_before_anything_is_sent()
    {
        await using var server = await SandboxServer.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, "\"ok\"\n{\"text\": oops}\n");
        try
        {
            var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, ["batch", "submit", .. BatchIds, "--messages-file", file]);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith($"error: {Path.GetFileName(file)} line 2: not valid JSON", result.Error);
            Assert.Empty(server.Requests.All);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(new[] { "--message", "a", "--chat-session", "c1", "--external-session", "e1" }, "Give either a chat session id or an external chat session id, not both.")]
    [InlineData(new[] { "--message", "a", "--filters", "{\"includeEntities\":\"none\"}" }, "filters.includeEntities must be \"all\" or \"filtered\"")]
    [InlineData(new string[0], "Give at least one --message, or a --messages-file.")]
    [InlineData(new[] { "--message", "a", "--messages-file", "x.json" }, "not both")]
    [InlineData(new[] { "--message", "a", "--messages-file", "/nonexistent/x.json" }, "not both")]
    [InlineData(new[] { "--messages-file", "/nonexistent/x.json" }, "--messages-file /nonexistent/x.json does not exist; give a JSON or JSON Lines file.")]
    [InlineData(new[] { "--message", "a", "--wait", "--timeout", "soon" }, "--timeout 'soon' is not a duration")]
    public async Task Bad_batch_input_exits_2_naming_the_problem(string[] extra, string expected)
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, ["batch", "submit", .. BatchIds, .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.Empty(server.Requests.All);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("250ms", 0.25)]
    [InlineData("45", 45)]
    [InlineData("00:02:00", 120)]
    public void Durations_read_as_people_type_them(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationParser.Parse(text, "--timeout"));
    }
}
