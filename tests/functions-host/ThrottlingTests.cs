namespace Release0.Functions.HostTests;

/// <summary>
/// Throttling is not failure, in the real host: a submit the platform refuses for its rate limit on every
/// try of several deliveries (429 with Retry-After, past the connection's retries) comes back after the
/// platform's wait, is submitted once and completes, and never uses up a delivery or reaches the poison
/// queue, where <see cref="PoisonTests"/> sends a platform that is down.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ThrottlingTests(FunctionsHost host)
{
    /// <summary>Attempts one delivery makes (1 + the connection's default 3 retries).</summary>
    private const int AttemptsPerDelivery = 4;

    /// <summary>More deliveries than the host's maxDequeueCount (5): were they failures, the request would be poisoned.</summary>
    private const int ThrottledDeliveries = 6;

    private static readonly TimeSpan ThrottledLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_submit_throttled_past_its_retries_comes_back_after_the_wait_completes_once_and_is_never_poisoned()
    {
        var jobId = Jobs.NewId("host-throttled");
        var submitted = host.Sandbox.BatchSubmissions;
        var mark = host.Log.Mark();
        host.Sandbox.Faults.Add($"429=1*{AttemptsPerDelivery * ThrottledDeliveries}@/api/v1/chat/batch-message");

        await host.Queue(FunctionsHost.BatchRequests).SendMessageAsync(Jobs.Request(jobId, "batch-polls-1"));
        var result = await Jobs.ResultAsync(host, $"batches/{jobId}.json", ThrottledLimit);
        await Jobs.QueueEmptyAsync(host, FunctionsHost.BatchRequests);

        Assert.Equal("completed", result.GetProperty("outcome").GetString());
        Assert.Equal(submitted + 1, host.Sandbox.BatchSubmissions);

        // Every throttled delivery returned normally and put the request back; none failed towards poison.
        var runs = Jobs.Invocations(host, mark, "BatchRequests", "Succeeded").Count();
        Assert.True(runs >= ThrottledDeliveries, $"{runs} runs of the request: the throttled ones and the one that submitted");
        Assert.Empty(Jobs.Invocations(host, mark, "BatchRequests", "Failed"));
        Assert.DoesNotContain(host.Log.Since(mark), e => e.Message.Contains("Moving message to queue", StringComparison.Ordinal));
        var poison = host.Queue($"{FunctionsHost.BatchRequests}-poison");
        if ((await poison.ExistsAsync()).Value)
        {
            Assert.DoesNotContain((await poison.PeekMessagesAsync(32)).Value, m => m.Body.ToString().Contains(jobId, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(host.Log.Entries, e => e.Message.Contains(host.Token, StringComparison.Ordinal));
    }
}
