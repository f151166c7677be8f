using Release0.Functions.Adapters;

namespace Release0.Functions.Tests;

/// <summary>The result store's contract on real blob storage: create-once writes (If-None-Match: *) and reads.</summary>
public sealed class BlobResultStoreTests
{
    [Fact]
    public async Task Of_concurrent_writers_of_one_document_exactly_one_wins_and_all_then_read_its_content()
    {
        var name = TestStorage.UniqueName("results");
        await TestStorage.Container(name).CreateAsync();
        const int Writers = 6;
        var barrier = new WriteBarrier("/claims/batches/job-1/1.json", Writers);
        var stores = Enumerable.Range(0, Writers).Select(_ => new BlobResultStore(TestStorage.Container(name, barrier))).ToList();

        var won = await Task.WhenAll(stores.Select((store, i) => store.TryCreateAsync("claims/batches/job-1/1.json", $$"""{"writer":{{i}}}""", CancellationToken.None)));

        var winner = Assert.Single(Enumerable.Range(0, Writers), i => won[i]);
        foreach (var store in stores)
        {
            Assert.Equal($$"""{"writer":{{winner}}}""", await store.ReadAsync("claims/batches/job-1/1.json", CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_second_write_of_a_document_changes_nothing_and_the_document_is_json()
    {
        var container = TestStorage.Container(TestStorage.UniqueName("results"));
        var store = new BlobResultStore(container);

        Assert.True(await store.TryCreateAsync("batches/job-2.json", """{"outcome":"completed"}""", CancellationToken.None));
        Assert.False(await store.TryCreateAsync("batches/job-2.json", """{"outcome":"failed"}""", CancellationToken.None));

        Assert.Equal("""{"outcome":"completed"}""", await store.ReadAsync("batches/job-2.json", CancellationToken.None));
        Assert.Equal("application/json", (await container.GetBlobClient("batches/job-2.json").GetPropertiesAsync()).Value.ContentType);
    }

    [Fact]
    public async Task A_missing_container_reads_as_no_document_and_is_created_by_the_first_write()
    {
        var container = TestStorage.Container(TestStorage.UniqueName("results"));
        var store = new BlobResultStore(container);

        Assert.Null(await store.ReadAsync("batches/job-3.json", CancellationToken.None));
        Assert.False((await container.ExistsAsync()).Value);
        Assert.True(await store.TryCreateAsync("batches/job-3.json", "{}", CancellationToken.None));

        Assert.True((await container.ExistsAsync()).Value);
        Assert.Null(await store.ReadAsync("batches/other.json", CancellationToken.None));
        Assert.Equal("{}", await store.ReadAsync("batches/job-3.json", CancellationToken.None));
    }
}
