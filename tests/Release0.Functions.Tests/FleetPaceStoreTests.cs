using Release0.Core.Connection;
using Release0.Core.Http.Pacing;
using Release0.Functions.Adapters;

namespace Release0.Functions.Tests;

/// <summary>The app's shared pace on real blob storage (Azurite): ETag-conditioned writes, a missing container, one-line failures, the app's wiring.</summary>
public sealed class FleetPaceStoreTests
{
    [Fact]
    public async Task Of_two_instances_writing_what_they_read_at_the_same_moment_only_one_wins_whether_or_not_the_blob_existed()
    {
        var name = TestStorage.UniqueName("pace");
        await TestStorage.Container(name).CreateAsync();

        foreach (var round in new[] { "created", "replaced" })
        {
            var barrier = new WriteBarrier(BlobFleetPaceStore.BlobName, 2);
            var first = new BlobFleetPaceStore(TestStorage.Container(name, barrier));
            var second = new BlobFleetPaceStore(TestStorage.Container(name, barrier));
            var version = (await first.ReadAsync(CancellationToken.None))?.Version;

            var wins = await Task.WhenAll(
                first.TryWriteAsync($"{{\"by\": \"first\", \"round\": \"{round}\"}}", version, CancellationToken.None),
                second.TryWriteAsync($"{{\"by\": \"second\", \"round\": \"{round}\"}}", version, CancellationToken.None));

            Assert.Single(wins, won => won);
            var stored = await new BlobFleetPaceStore(TestStorage.Container(name)).ReadAsync(CancellationToken.None);
            Assert.Contains(wins[0] ? "first" : "second", stored!.Text);
        }
    }

    [Fact]
    public async Task A_missing_container_reads_as_no_pace_and_is_created_by_the_first_write()
    {
        var container = TestStorage.Container(TestStorage.UniqueName("pace"));
        var store = new BlobFleetPaceStore(container);

        Assert.Null(await store.ReadAsync(CancellationToken.None));
        Assert.False(await store.TryWriteAsync("{}", null, CancellationToken.None));
        Assert.True(await store.TryWriteAsync("{}", null, CancellationToken.None));

        Assert.Equal("application/json", (await container.GetBlobClient(BlobFleetPaceStore.BlobName).GetPropertiesAsync()).Value.ContentType);
    }

    [Fact]
    public async Task A_storage_failure_is_one_line_naming_the_blob_and_the_status()
    {
        var name = TestStorage.UniqueName("pace");
        var store = new BlobFleetPaceStore(new Azure.Storage.Blobs.BlobContainerClient(new Uri($"http://127.0.0.1:1/devstoreaccount1/{name}"), new Azure.Storage.Blobs.BlobClientOptions { Retry = { MaxRetries = 0 } }));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.ReadAsync(CancellationToken.None));

        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_app_shares_its_connections_pace_through_the_blob_beside_the_poll_history()
    {
        var settings = FunctionsApp.Settings();
        using var app = FunctionsApp.Start(settings);

        var connection = (Release0Connection)app.Services.GetService(typeof(Release0Connection))!;

        Assert.IsType<BlobFleetPaceStore>(connection.Options.FleetPaceStore);
        Assert.Equal($"the pace blob {settings["RELEASE0_RESULTS_CONTAINER"]}/pace.json", connection.Options.FleetPaceStore!.Name);
    }
}
