using System.Text;
using Release0.Functions.Adapters;

namespace Release0.Functions.Tests;

/// <summary>Scheduled job definitions read from a real blob container.</summary>
public sealed class BlobDefinitionSourceTests
{
    private const string Json = """{"id":"nightly","everyMinutes":60,"request":{"agentId":"batch-echo","messages":["Grüße"]}}""";

    [Fact]
    public async Task Json_blobs_in_any_virtual_folder_are_named_by_path_and_decoded_whatever_their_byte_order_mark()
    {
        var container = TestStorage.Container(TestStorage.UniqueName("definitions"));
        await container.CreateAsync();
        await container.UploadBlobAsync("nightly.json", BinaryData.FromBytes([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Json)]));
        await container.UploadBlobAsync("team-a/weekly.json", BinaryData.FromBytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Json)]));
        await container.UploadBlobAsync("team-a/sub/Monthly.JSON", BinaryData.FromBytes([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Json)]));
        await container.UploadBlobAsync("plain.json", BinaryData.FromString(Json));
        await container.UploadBlobAsync("README.txt", BinaryData.FromString("not a definition"));
        await container.UploadBlobAsync("team-a/notes.md", BinaryData.FromString("# notes"));

        var definitions = await new BlobDefinitionSource(container).ListAsync(CancellationToken.None);

        Assert.Equal(["nightly", "plain", "team-a/sub/Monthly", "team-a/weekly"], definitions.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.All(definitions, d => Assert.Equal(Json, d.Value));
    }

    [Fact]
    public async Task A_missing_container_holds_no_definitions_and_is_not_created()
    {
        var container = TestStorage.Container(TestStorage.UniqueName("definitions"));

        Assert.Empty(await new BlobDefinitionSource(container).ListAsync(CancellationToken.None));
        Assert.False((await container.ExistsAsync()).Value);
    }
}
