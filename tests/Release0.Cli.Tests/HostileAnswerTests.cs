using Xunit.Abstractions;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Release0.Cli.Tests;

/// <summary>
/// Issue 27, points 1, 2 and 5: whatever a server answers (huge, packed, endless, stalled, not UTF-8,
/// a status nobody knows, terminal escapes), the CLI ends in one line with the right exit code, in
/// bounded memory and time, printing nothing a terminal would act on.
/// </summary>
public sealed class HostileAnswerTests
{
    private readonly ITestOutputHelper _log;

    public HostileAnswerTests(ITestOutputHelper log)
    {
        _log = log;
    }

    /// <summary>Far above the 16 MB read limit and any runtime overhead; the issue's bound.</summary>
    private const long MemoryBoundMegabytes = 300;

    private static readonly Lazy<byte[]> GzipBomb = new(() =>
    {
        // 1 GB of spaces (valid JSON padding) packs into about 1 MB.
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write("{\"sessionId\":\"s_1\",\"messages\":["u8);
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 1024; i++)
            {
                gzip.Write(spaces);
            }

            gzip.Write("]}"u8);
        }

        return packed.ToArray();
    });

    [Fact]
    public async Task A_json_answer_of_one_and_a_half_gigabytes_is_refused_at_the_limit_in_flat_memory() =>
        await RefusedInFlatMemoryAsync(
            async context =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"sessionId\":\"s_1\",\"messages\":[\"");
                await HostileServer.WriteRepeatedAsync(context.Response, "a"u8.ToArray(), 1536L * 1024 * 1024);
            },
            "the answer (200) is larger than the limit of 16 MB; reading stopped there (raise it with RELEASE0_MAX_RESPONSE_MB");

    [Fact]
    public async Task A_gzip_bomb_is_counted_as_it_unpacks_and_refused() =>
        await RefusedInFlatMemoryAsync(
            async context =>
            {
                context.Response.ContentType = "application/json";
                context.Response.Headers.ContentEncoding = "gzip";
                await context.Response.Body.WriteAsync(GzipBomb.Value);
            },
            "the answer (200) is larger than the limit of 16 MB");

    [Fact]
    public async Task The_limit_is_raised_by_the_setting_the_error_names()
    {
        await using var platform = await HostileServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"data\":{\"response\":\"" + new string('a', 2 * 1024 * 1024) + "\"}}");
        });
        var environment = platform.Environment();
        environment["RELEASE0_MAX_RESPONSE_MB"] = "1";

        var refused = await CliRun.RunAsync(environment, null, "ask", "echo", "hi");
        environment["RELEASE0_MAX_RESPONSE_MB"] = "3";
        var accepted = await CliRun.RunAsync(environment, null, "ask", "echo", "hi");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("larger than the limit of 1 MB", refused.Error);
        Assert.Equal(0, accepted.ExitCode);
        Assert.Equal(2 * 1024 * 1024 + 1, accepted.Output.Length);
    }

    [Fact]
    public async Task A_stream_line_that_never_ends_is_refused_in_flat_memory()
    {
        await using var platform = await HostileServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: {\"chunk\":\"Hello \"}\n\ndata: {\"chunk\":\"");
            await HostileServer.WriteRepeatedAsync(context.Response, "b"u8.ToArray(), 4L * 1024 * 1024 * 1024);
        });

        using var cli = CliProcess.StartMeasured(platform.Environment(), "ask", "streamer", "hi", "--stream");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Hello \n", result.Output);
        Assert.Contains("an event of the stream (after 6 characters) is larger than the limit of 16 MB", UserSees.OneLine(result.Error));
        Assert.InRange(Peak(cli), 1, MemoryBoundMegabytes);
    }

    [Fact]
    public async Task A_stalled_json_body_to_a_stream_request_ends_within_the_timeout()
    {
        await using var platform = await HostileServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"data\":{\"response\":\"never fin");
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });

        using var cli = CliProcess.Start(platform.Environment(), null, "ask", "streamer", "hi", "--stream", "--timeout", "3s");
        var result = await cli.WaitForExitAsync(TimeSpan.FromSeconds(3 + 5));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the answer's body did not arrive within the", UserSees.OneLine(result.Error));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ctrl_C_or_SIGTERM_ends_a_stalled_body_at_once(bool terminate)
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var platform = await HostileServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"data\":{\"response\":\"never fin");
            await context.Response.Body.FlushAsync();
            stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });

        using var cli = CliProcess.Start(platform.Environment(), null, "ask", "streamer", "hi", "--stream", "--timeout", "10m");
        await stalled.Task.WaitAsync(TimeSpan.FromMinutes(1));
        if (terminate)
        {
            cli.Terminate();
        }
        else
        {
            cli.Interrupt();
        }

        var result = await cli.WaitForExitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(130, result.ExitCode);
        Assert.StartsWith("interrupted: ", UserSees.OneLine(result.Error));
    }

    [Fact]
    public async Task A_200_that_is_not_utf8_still_names_the_session_it_created()
    {
        await using var platform = await HostileServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            byte[] body = [.. "{\"sessionId\":\"s_created\",\"messages\":[{\"type\":\"text\",\"content\":\""u8, 0xFF, 0xFE, .. "\"}]}"u8];
            await context.Response.Body.WriteAsync(body);
        });

        var result = await CliRun.RunAsync(platform.Environment(), null, "chat", "start", "lead-form");

        Assert.Equal(1, result.ExitCode);
        var line = UserSees.OneLine(result.Error);
        Assert.Contains("a body that is not valid UTF-8 (at byte ", line);
        Assert.Contains("it names session s_created, which the platform may have created", line);
        Assert.DoesNotContain("unexpected", line);
    }

    [Fact]
    public async Task A_rate_limit_reset_beyond_any_date_is_an_ordinary_429()
    {
        await using var platform = await HostileServer.StartAsync(context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers["X-RateLimit-Reset"] = "99999999999999";
            return context.Response.WriteAsync("{\"code\":\"TOO_MANY_REQUESTS\",\"message\":\"slow down\"}");
        });

        var result = await CliRun.RunAsync(platform.Environment(), null, "ask", "echo", "hi", "--retries", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: send agent message failed: HTTP 429 TOO_MANY_REQUESTS: slow down", UserSees.OneLine(result.Error));
    }

    [Fact]
    public async Task An_unknown_poll_status_is_reported_with_the_answer_at_once()
    {
        await using var platform = await HostileServer.StartAsync(context => context.Response.WriteAsync("{\"status\":\"COMPLETED!!\",\"detail\":\"odd\"}"));

        using var cli = CliProcess.Start(platform.Environment(), null, "batch", "wait", "b_1", "--user-profile", "up_1", "--timeout", "1h", "--quiet");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        var line = UserSees.OneLine(result.Error);
        Assert.Contains("the job's status 'COMPLETED!!' is not one this client knows", line);
        Assert.Contains("\"detail\":\"odd\"", line);
        Assert.Single(platform.Received);
    }

    [Fact]
    public async Task An_unknown_poll_status_ends_a_jobs_run_job_as_failed_with_the_answer()
    {
        await using var platform = await HostileServer.StartAsync(context => context.Request.Path.Value!.EndsWith("/batch-message", StringComparison.Ordinal)
            ? context.Response.WriteAsync("{\"batchJobId\":\"b_1\"}")
            : context.Response.WriteAsync("{\"status\":\"COMPLETED!!\"}"));
        var folder = Directory.CreateTempSubdirectory("release0-hostile-jobs-").FullName;
        var jobs = Path.Combine(folder, "jobs.jsonl");
        await File.WriteAllTextAsync(jobs, """{"jobId":"odd-1","agentId":"a1","projectEnvId":"p","userProfileId":"u","messages":["hi"]}""" + "\n");
        try
        {
            using var cli = CliProcess.Start(platform.Environment(), null, "jobs", "run", jobs, "--out", Path.Combine(folder, "out"));
            var result = await cli.WaitForExitAsync();

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("1 job: 1 failed;", result.Output);
            Assert.Contains("the job's status 'COMPLETED!!' is not one this client knows", UserSees.DecodedJson(await File.ReadAllTextAsync(Path.Combine(folder, "out", "batches", "odd-1.json"))));
            Assert.Equal(2, platform.Received.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Server_text_cannot_drive_the_terminal()
    {
        const string hostile = "\u001b]0;owned\u0007\u001b[2J\rCleared\u009b31m red\r\nnext";
        await using var platform = await HostileServer.StartAsync(context => context.Response.WriteAsync(
            "{\"data\":{\"response\":\"" + System.Text.Json.JsonEncodedText.Encode(hostile) + "\",\"conversationId\":\"c_1\"}}"));

        using var text = CliProcess.Start(platform.Environment(), null, "ask", "echo", "hi");
        using var json = CliProcess.Start(platform.Environment(), null, "ask", "echo", "hi", "--json");
        var shown = await text.WaitForExitAsync();
        var printed = await json.WaitForExitAsync();

        Assert.Equal(0, shown.ExitCode);
        Assert.Equal("\\x1B]0;owned\\x07\\x1B[2J\\rCleared\\x9B31m red\nnext\n", shown.Output);
        UserSees.NoControlCharacters(shown.Output + shown.Error);
        UserSees.NoControlCharacters(printed.Output + printed.Error);
        using var document = System.Text.Json.JsonDocument.Parse(printed.Output);
        Assert.Equal(hostile, document.RootElement.GetProperty("response").GetString());
    }

    [Theory]
    [InlineData("b_1\r\nsubmitted b_fake")]
    [InlineData("..")]
    public async Task A_malformed_batch_id_from_the_server_is_refused(string id)
    {
        await using var platform = await HostileServer.StartAsync(context => context.Response.WriteAsync("{\"batchJobId\":\"" + System.Text.Json.JsonEncodedText.Encode(id) + "\"}"));

        using var cli = CliProcess.Start(platform.Environment(), null, "batch", "submit", "--agent", "a1", "--project-env", "pe_1", "--user-profile", "up_1", "--message", "hi");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("the batchJobId the server sent is malformed", UserSees.OneLine(result.Error));
        UserSees.NoControlCharacters(result.Error);
    }

    [Theory]
    [InlineData("{\"data\":{\"response\":\"Hello\",\"conversationId\":\"c_1\\r\\n(conversation c_fake)\"}}", "application/json")]
    [InlineData("data: {\"chunk\":\"Hello\",\"conversationId\":\"c_1\\u001b]0;owned\\u0007\"}\n\ndata: [DONE]\n\n", "text/event-stream")]
    public async Task A_conversation_id_with_control_characters_is_refused(string answer, string type)
    {
        await using var platform = await HostileServer.StartAsync(context =>
        {
            context.Response.ContentType = type;
            return context.Response.WriteAsync(answer);
        });

        using var cli = CliProcess.Start(platform.Environment(), null, type == "text/event-stream" ? ["ask", "echo", "hi", "--stream"] : ["ask", "echo", "hi"]);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the conversationId the server sent is malformed", UserSees.OneLine(result.Error));
        Assert.Contains("the reply cannot be continued from here", result.Error);
        Assert.DoesNotContain("--conversation", result.Error);
        UserSees.NoControlCharacters(result.Output + result.Error);
    }

    [Fact]
    public async Task A_session_id_of_ten_megabytes_is_refused_not_printed()
    {
        await using var platform = await HostileServer.StartAsync(context => context.Response.WriteAsync("{\"sessionId\":\"" + new string('s', 10_000_000) + "\",\"messages\":[]}"));

        var result = await CliRun.RunAsync(platform.Environment(), null, "chat", "start", "lead-form");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("carried a malformed sessionId (10,000,000 characters", UserSees.OneLine(result.Error));
        Assert.InRange(result.Error.Length, 1, 1000);
    }

    [Theory]
    [InlineData("chat", "start", "..")]
    [InlineData("chat", "send", "..", "hi")]
    [InlineData("ask", "%2e%2E", "hi")]
    [InlineData("batch", "get", ".", "--user-profile", "up_1")]
    public async Task Dot_segment_ids_are_refused_before_anything_is_sent(params string[] args)
    {
        await using var platform = await HostileServer.StartAsync(context => context.Response.WriteAsync("{}"));

        var result = await CliRun.RunAsync(platform.Environment(), null, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("would change the request's route", UserSees.OneLine(result.Error));
        Assert.Empty(platform.Received);
    }

    [Theory]
    [InlineData("--retries", "abc", "--retries 'abc' is not a whole number from 0 to 10")]
    [InlineData("--retries", "1.5", "--retries '1.5' is not a whole number from 0 to 10")]
    [InlineData("--retries", "99999999999", "--retries '99999999999' is not a whole number from 0 to 10")]
    public async Task Numeric_options_are_parse_errors_in_one_line(string option, string value, string expected)
    {
        using var cli = CliProcess.Start(new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = "http://127.0.0.1:9/" }, null, "ask", "echo", "hi", option, value);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {expected}. See 'release0 ask --help'.\n", result.Error);
    }

    [Theory]
    [InlineData("batch", "submit", "--agent", "a", "--project-env", "p", "--user-profile", "u", "--message", "m", "--batch-size", "abc")]
    [InlineData("sandbox", "--port", "abc")]
    public async Task Other_numeric_options_are_parse_errors_too(params string[] args)
    {
        using var cli = CliProcess.Start(null, null, args);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'abc' is not", UserSees.OneLine(result.Error).Replace("--port abc is not", "'abc' is not"));
    }

    [Fact]
    public async Task Stream_metadata_nested_past_the_readers_depth_is_not_shown_as_reply_text()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        await using var platform = await HostileServer.StartAsync(context =>
        {
            context.Response.ContentType = "text/event-stream";
            return context.Response.WriteAsync($"data: {{\"chunk\":\"Hi \"}}\n\ndata: {{\"metadata\":{nested}}}\n\ndata: [DONE]\n\n");
        });

        var result = await CliRun.RunAsync(platform.Environment(), null, "ask", "streamer", "hi", "--stream");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Hi \n", result.Output);
        Assert.Contains("an event of the stream (after 3 characters) is an object that cannot be read", UserSees.OneLine(result.Error));
    }

    [Fact]
    public async Task A_stream_kept_whole_for_json_stops_at_the_limit()
    {
        await using var platform = await HostileServer.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            var chunk = Encoding.UTF8.GetBytes("data: {\"chunk\":\"" + new string('c', 1000) + "\"}\n\n");
            await HostileServer.WriteRepeatedAsync(context.Response, chunk, chunk.Length * 4000L);
            await context.Response.WriteAsync("data: [DONE]\n\n");
        });
        var environment = platform.Environment();
        environment["RELEASE0_MAX_RESPONSE_MB"] = "1";

        var result = await CliRun.RunAsync(environment, null, "ask", "streamer", "hi", "--stream", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the reply held whole (KeepText) is larger than the limit of 1 MB", result.Error);
    }

    /// <summary><c>chat start</c> against the answer: exit 1, one line saying what was refused, memory within the bound.</summary>
    private async Task RefusedInFlatMemoryAsync(Func<HttpContext, Task> answer, string expected)
    {
        await using var platform = await HostileServer.StartAsync(answer);

        using var cli = CliProcess.StartMeasured(platform.Environment(), "chat", "start", "lead-form");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, UserSees.OneLine(result.Error));
        Assert.InRange(Peak(cli), 1, MemoryBoundMegabytes);
    }

    /// <summary>The run's peak memory, also written to the test's output for the record.</summary>
    private long Peak(CliProcess cli)
    {
        var peak = cli.PeakMegabytes;
        _log.WriteLine($"peak resident memory: {peak} MB");
        return peak;
    }
}
