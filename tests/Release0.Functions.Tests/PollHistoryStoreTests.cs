using System.Text.Json;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Jobs;
using Release0.Core.Tests;
using Release0.Functions.Adapters;
using Release0.Sandbox;

namespace Release0.Functions.Tests;

/// <summary>The app's shared poll history on real blob storage (Azurite): ETag-conditioned merges, bad blobs, a missing container.</summary>
public sealed class PollHistoryStoreTests
{
    [Fact]
    public async Task Two_instances_recording_at_the_same_moment_both_keep_their_duration_whether_or_not_the_blob_existed()
    {
        var name = TestStorage.UniqueName("history");
        await TestStorage.Container(name).CreateAsync();

        // First both find no blob and race to create it (If-None-Match: *), then both read one ETag and race to replace it (If-Match).
        foreach (var round in new[] { "created", "replaced" })
        {
            var barrier = new WriteBarrier(BlobPollHistoryStore.BlobName, 2);
            var first = new BlobPollHistoryStore(TestStorage.Container(name, barrier));
            var second = new BlobPollHistoryStore(TestStorage.Container(name, barrier));

            await Task.WhenAll(
                first.RecordAsync("batch-polls-1", TimeSpan.FromSeconds(10), CancellationToken.None),
                second.RecordAsync("batch-polls-2", TimeSpan.FromSeconds(20), CancellationToken.None));

            var reader = new BlobPollHistoryStore(TestStorage.Container(name));
            var expected = round == "created" ? 1 : 2;
            Assert.Equal(expected, (await reader.LoadAsync("batch-polls-1", CancellationToken.None)).Count);
            Assert.Equal(expected, (await reader.LoadAsync("batch-polls-2", CancellationToken.None)).Count);
        }
    }

    [Fact]
    public async Task The_blob_holds_the_history_files_format_and_is_json()
    {
        var container = TestStorage.Container(TestStorage.UniqueName("history"));
        var store = new BlobPollHistoryStore(container);

        await store.RecordAsync("nightly", TimeSpan.FromMinutes(9), CancellationToken.None);

        var blob = container.GetBlobClient(BlobPollHistoryStore.BlobName);
        Assert.Equal("application/json", (await blob.GetPropertiesAsync()).Value.ContentType);
        var path = Path.Combine(Path.GetTempPath(), $"release0-history-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(path, (await blob.DownloadContentAsync()).Value.Content.ToString());
            Assert.Equal([TimeSpan.FromMinutes(9)], new PollHistoryFile(path).Load().DurationsOf("nightly"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_corrupt_or_foreign_blob_is_named_when_read_and_replaced_by_the_next_record()
    {
        var name = TestStorage.UniqueName("history");
        var container = TestStorage.Container(name);
        await container.CreateAsync();
        var store = new BlobPollHistoryStore(container);

        foreach (var content in new[] { "{\"agents\": {\"a\": [1, 2", "<html>not ours</html>", "{\"version\": 7, \"agents\": {}}" })
        {
            await container.GetBlobClient(BlobPollHistoryStore.BlobName).UploadAsync(BinaryData.FromString(content), overwrite: true);

            var error = await Assert.ThrowsAsync<PollHistoryStoreException>(() => store.LoadAsync("a", CancellationToken.None));
            Assert.StartsWith($"the poll history blob {name}/poll-history.json is ", error.Message);

            await store.RecordAsync("a", TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.Equal([TimeSpan.FromSeconds(5)], await store.LoadAsync("a", CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_missing_container_reads_as_no_history_and_is_created_by_the_first_record()
    {
        var container = TestStorage.Container(TestStorage.UniqueName("history"));
        var store = new BlobPollHistoryStore(container);

        Assert.Empty(await store.LoadAsync("a", CancellationToken.None));
        await store.RecordAsync("a", TimeSpan.FromSeconds(3), CancellationToken.None);

        Assert.True((await container.ExistsAsync()).Value);
        Assert.Equal([TimeSpan.FromSeconds(3)], await store.LoadAsync("a", CancellationToken.None));
    }

    [Fact]
    public async Task A_new_instance_polls_an_agents_first_job_on_what_an_earlier_instance_stored_in_the_blob()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        var clock = new ManualClock();
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = sandbox.BaseUri, ApiToken = sandbox.Token }, time: clock);
        var name = TestStorage.UniqueName("results");
        var queue = new SentMessages();
        JobWorkflow Instance() => new(
            connection,
            queue,
            new BlobResultStore(TestStorage.Container(name)),
            new JobWorkflowOptions().WithPollHistoryStore(new BlobPollHistoryStore(TestStorage.Container(name))));

        var earlier = Instance();
        for (var i = 1; i <= 3; i++)
        {
            await earlier.HandleBatchRequestAsync(Request($"early-{i}"), CancellationToken.None);
            clock.Advance(TimeSpan.FromMinutes(5));
            await earlier.HandleBatchPollAsync(queue.Last.Message, CancellationToken.None);
        }

        await Instance().HandleBatchRequestAsync(Request("after-restart"), CancellationToken.None);

        // Jobs of this agent took about five minutes: the new instance's first poll waits for most of that, not 2 s.
        Assert.Equal(JobQueues.BatchPolls, queue.Last.Queue);
        Assert.InRange(queue.Last.Delay, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(6));
    }

    private static string Request(string jobId) =>
        JsonSerializer.Serialize(new { jobId, agentId = "batch-polls-1", projectEnvId = "pe_1", userProfileId = "up_1", messages = new[] { "hi" } });

    /// <summary>The queue port, keeping what was sent (the test hands poll tickets to the workflow itself).</summary>
    private sealed class SentMessages : IJobQueue
    {
        private readonly List<(string Queue, string Message, TimeSpan Delay)> _sent = [];

        public (string Queue, string Message, TimeSpan Delay) Last
        {
            get
            {
                lock (_sent)
                {
                    return _sent[^1];
                }
            }
        }

        public Task EnqueueAsync(string queue, string message, TimeSpan delay, CancellationToken cancellationToken)
        {
            lock (_sent)
            {
                _sent.Add((queue, message, delay));
            }

            return Task.CompletedTask;
        }
    }
}
