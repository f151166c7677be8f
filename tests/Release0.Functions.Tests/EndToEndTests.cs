using System.Text.Json;
using Azure.Storage.Blobs;
using Release0.Core.Jobs;
using Release0.Core.Tests;
using Release0.Sandbox;

namespace Release0.Functions.Tests;

/// <summary>The app as the host drives it: messages on its queues, its functions run on what is dequeued, results in blobs.</summary>
[Collection(AppQueues.Name)]
public sealed class EndToEndTests
{
    private static string Request(string jobId, string agent = "batch-polls-3") =>
        $$"""{"jobId":"{{jobId}}","agentId":"{{agent}}","projectEnvId":"pe_1","userProfileId":"up_1","messages":["Summarise {{jobId}}"]}""";

    [Fact]
    public async Task A_batch_request_in_base64_is_submitted_polled_on_delayed_messages_and_its_result_written()
    {
        await QueueHost.ResetQueuesAsync();
        await using var sandbox = await SandboxServer.StartAsync();
        var clock = new ManualClock();
        var host = new QueueHost(clock);
        var settings = FunctionsApp.Settings(sandbox);
        using var app = FunctionsApp.Start(settings, clock, host.Visibility);
        var started = clock.GetUtcNow();

        await TestStorage.HostQueue(JobQueues.BatchRequests).SendMessageAsync(Request("e2e-1"));
        var delivered = await host.RunUntilIdleAsync(app);

        var results = new BlobContainerClient(TestStorage.ConnectionString, settings["RELEASE0_RESULTS_CONTAINER"]);
        using var result = JsonDocument.Parse((await results.GetBlobClient("batches/e2e-1.json").DownloadContentAsync()).Value.Content.ToString());
        var root = result.RootElement;
        Assert.Equal(("completed", 3), (root.GetProperty("outcome").GetString(), root.GetProperty("polls").GetInt32()));
        Assert.Equal("Echo: Summarise e2e-1", root.GetProperty("response").GetProperty("messages")[0].GetProperty("text").GetString());
        Assert.Equal(4, delivered);
        Assert.Equal(1, sandbox.BatchSubmissions);

        // Each poll waited in the queue for its delay, growing, and the clock moved by exactly those delays.
        var polls = host.Visibility.Sent.Where(s => s.Queue == JobQueues.BatchPolls).Select(s => s.Delay).ToList();
        Assert.Equal(3, polls.Count);
        Assert.All(polls, delay => Assert.True(delay >= TimeSpan.FromSeconds(1), $"poll delays {string.Join(", ", polls)}"));
        Assert.True(polls[2] >= polls[0], $"poll delays {string.Join(", ", polls)}");
        Assert.Equal(polls.Aggregate(TimeSpan.Zero, (a, b) => a + b), clock.GetUtcNow() - started);
        Assert.DoesNotContain(app.Log.All, line => line.Text.Contains(sandbox.Token, StringComparison.Ordinal));
    }
}
