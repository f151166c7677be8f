namespace Release0.Functions.HostTests;

/// <summary>Batch requests put on the queue as a producer would, followed through the host to their result blob.</summary>
[Collection(HostCollection.Name)]
public sealed class BatchJobTests(FunctionsHost host)
{
    [Fact]
    public async Task A_batch_request_is_submitted_once_polled_and_its_result_written()
    {
        var jobId = Jobs.NewId("host-batch");
        var submitted = host.Sandbox.BatchSubmissions;
        var mark = host.Log.Mark();

        await host.Queue(FunctionsHost.BatchRequests).SendMessageAsync(Jobs.Request(jobId));
        var result = await Jobs.ResultAsync(host, $"batches/{jobId}.json");

        Assert.Equal(("completed", 2), (result.GetProperty("outcome").GetString(), result.GetProperty("polls").GetInt32()));
        Assert.Equal($"Echo: Summarise {jobId}", result.GetProperty("response").GetProperty("messages")[0].GetProperty("text").GetString());
        Assert.Equal(submitted + 1, host.Sandbox.BatchSubmissions);

        // The host ran the request once and the poll function for each poll (the last one writes the result).
        Assert.Single(Jobs.Invocations(host, mark, "BatchRequests", "Succeeded"));
        Assert.NotEmpty(await Jobs.InvocationsAsync(host, mark, "BatchPolls", "Succeeded"));
        Assert.DoesNotContain(host.Log.Entries, e => e.Message.Contains(host.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_request_enqueued_again_after_it_completed_is_not_submitted_again()
    {
        var jobId = Jobs.NewId("host-twice");
        var submitted = host.Sandbox.BatchSubmissions;
        var requests = host.Queue(FunctionsHost.BatchRequests);
        await requests.SendMessageAsync(Jobs.Request(jobId, "batch-polls-1"));
        var first = await Jobs.ResultAsync(host, $"batches/{jobId}.json");
        var mark = host.Log.Mark();

        // A producer that sends again (it did not see the first send succeed): a redelivery, not a new job.
        await requests.SendMessageAsync(Jobs.Request(jobId, "batch-polls-1"));
        await Jobs.QueueEmptyAsync(host, FunctionsHost.BatchRequests);

        Assert.Single(await Jobs.InvocationsAsync(host, mark, "BatchRequests", "Succeeded"));
        Assert.Equal(submitted + 1, host.Sandbox.BatchSubmissions);
        Assert.Equal(first.GetRawText(), (await Jobs.ResultAsync(host, $"batches/{jobId}.json")).GetRawText());
    }

    [Fact]
    public async Task Two_copies_enqueued_at_once_are_submitted_once()
    {
        var jobId = Jobs.NewId("host-race");
        var submitted = host.Sandbox.BatchSubmissions;
        var requests = host.Queue(FunctionsHost.BatchRequests);

        // The host takes both in one batch (host.json: batchSize 8) and runs them side by side.
        await Task.WhenAll(requests.SendMessageAsync(Jobs.Request(jobId, "batch-polls-1")), requests.SendMessageAsync(Jobs.Request(jobId, "batch-polls-1")));
        var result = await Jobs.ResultAsync(host, $"batches/{jobId}.json");
        await Jobs.QueueEmptyAsync(host, FunctionsHost.BatchRequests);

        Assert.Equal("completed", result.GetProperty("outcome").GetString());
        Assert.Equal(submitted + 1, host.Sandbox.BatchSubmissions);
        Assert.Equal([$"batches/{jobId}.json"], await host.ResultBlobsAsync($"batches/{jobId}"));
    }
}
