using Azure.Storage.Queues.Models;

namespace Release0.Functions.HostTests;

/// <summary>
/// A submit that keeps failing because the platform is down (503 without Retry-After: an outage, not
/// throttling) goes through the host's retries to the poison queue, and completes once moved back.
/// Throttled submits (429, or 503 with Retry-After) are not failures: <see cref="ThrottlingTests"/>.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class PoisonTests(FunctionsHost host)
{
    private const int MaxDequeueCount = 5;
    private static readonly TimeSpan PoisonLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_submit_failing_while_the_platform_is_down_reaches_poison_and_completes_once_moved_back()
    {
        var jobId = Jobs.NewId("host-down");
        var poison = host.Queue($"{FunctionsHost.BatchRequests}-poison");
        var mark = host.Log.Mark();
        var down = await host.TakePlatformDownAsync();
        QueueMessage poisoned;
        try
        {
            await host.Queue(FunctionsHost.BatchRequests).SendMessageAsync(Jobs.Request(jobId, "batch-polls-1"));
            poisoned = await Eventually.ValueAsync(
                "the request reaching the poison queue",
                async () => await poison.ExistsAsync() is { Value: true } ? (await poison.ReceiveMessageAsync()).Value : null,
                PoisonLimit,
                host.Tail);

            Assert.Equal(Jobs.Request(jobId, "batch-polls-1"), poisoned.Body.ToString());
            await Jobs.EntriesAsync(host, mark, "the host saying it moved the message", e => e.Message.Contains($"Moving message to queue '{FunctionsHost.BatchRequests}-poison'", StringComparison.Ordinal));
            Assert.Equal(MaxDequeueCount, Jobs.Invocations(host, mark, "BatchRequests", "Failed").Count());
            Assert.Null(await host.ReadResultAsync($"batches/{jobId}.json"));
            Assert.True(down.Requests >= MaxDequeueCount, $"{down.Requests} submits reached the platform while it was down");
        }
        finally
        {
            await host.BringPlatformBackAsync();
        }

        // The platform is back; an operator moves the message back to its queue.
        await host.Queue(FunctionsHost.BatchRequests).SendMessageAsync(poisoned.Body.ToString());
        await poison.DeleteMessageAsync(poisoned.MessageId, poisoned.PopReceipt);

        var result = await Jobs.ResultAsync(host, $"batches/{jobId}.json");
        Assert.Equal("completed", result.GetProperty("outcome").GetString());
        Assert.Equal(1, host.Sandbox.BatchSubmissions);
        Assert.DoesNotContain(host.Log.Entries, e => e.Message.Contains(host.Token, StringComparison.Ordinal));
    }
}
