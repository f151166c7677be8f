namespace Release0.Functions.HostTests;

/// <summary>A message the app can never process is recorded once and leaves the queue at once.</summary>
[Collection(HostCollection.Name)]
public sealed class RejectedMessageTests(FunctionsHost host)
{
    [Fact]
    public async Task A_malformed_message_is_rejected_once_and_never_retried()
    {
        var jobId = Jobs.NewId("host-bad");
        var message = $$"""{"jobId":"{{jobId}}","projectEnvId":"p","userProfileId":"u","messages":["x"]}""";
        var requests = host.Queue(FunctionsHost.BatchRequests);
        var mark = host.Log.Mark();

        var sent = (await requests.SendMessageAsync(message)).Value;
        var rejected = await Jobs.ResultAsync(host, $"rejected/{FunctionsHost.BatchRequests}/{jobId}.json");

        // Deleted, not just hidden until its next try: the queue's count includes invisible messages.
        await Jobs.QueueEmptyAsync(host, FunctionsHost.BatchRequests);

        Assert.Equal(message, rejected.GetProperty("originalText").GetString());
        Assert.Contains("agentId is required", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Single(await Jobs.InvocationsAsync(host, mark, "BatchRequests", "Succeeded"));
        Assert.Single(host.Log.Since(mark), e => e.Message.Contains(sent.MessageId, StringComparison.Ordinal) && e.Message.Contains("DequeueCount: 1", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Log.Since(mark), e => e.Message.Contains(sent.MessageId, StringComparison.Ordinal) && e.Message.Contains("DequeueCount: 2", StringComparison.Ordinal));
    }
}
