using System.Text;
using System.Text.Json;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;

namespace Release0.Core.Tests;

/// <summary>How stored job definitions become names and texts, and how the timer's work treats them.</summary>
public sealed class DefinitionFileTests
{
    [Fact]
    public void Definitions_decode_with_or_without_a_byte_order_mark()
    {
        const string Json = """{"id":"nightly"}""";
        byte[] utf8 = Encoding.UTF8.GetBytes(Json);

        Assert.Equal(Json, DefinitionFiles.Decode(utf8));
        Assert.Equal(Json, DefinitionFiles.Decode([.. Encoding.UTF8.GetPreamble(), .. utf8]));
        Assert.Equal(Json, DefinitionFiles.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Json)]));
        Assert.Equal(string.Empty, DefinitionFiles.Decode([]));
    }

    [Theory]
    [InlineData("nightly.json", "nightly")]
    [InlineData("team-a/nightly.json", "team-a/nightly")]
    [InlineData("team-a\\sub\\Nightly.JSON", "team-a/sub/Nightly")]
    public void A_definition_is_named_by_its_path(string path, string name) =>
        Assert.Equal(name, DefinitionFiles.NameOf(path));

    [Fact]
    public async Task Definitions_in_folders_and_with_a_bom_are_enqueued_and_a_reused_id_is_rejected_naming_the_first()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        using var definitions = new TempFolder();
        Directory.CreateDirectory(Path.Combine(definitions.Path, "team-a"));
        static string Definition(string id) => $$$"""{"id":"{{{id}}}","everyMinutes":60,"request":{"agentId":"batch-echo","projectEnvId":"p","userProfileId":"u","messages":["Summarise"]}}""";
        File.WriteAllText(Path.Combine(definitions.Path, "nightly.json"), Definition("nightly"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        File.WriteAllText(Path.Combine(definitions.Path, "team-a", "nightly.json"), Definition("team-a-nightly"));
        File.WriteAllText(Path.Combine(definitions.Path, "team-a", "copy.json"), Definition("nightly"));
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());

        var enqueued = await workflow.EnqueueDueJobsAsync(new FolderDefinitionSource(definitions.Path), new DateTimeOffset(2026, 11, 21, 3, 5, 0, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal(2, enqueued);
        var jobIds = queue.Sent.Select(s => JsonDocument.Parse(s.Message).RootElement.GetProperty("jobId").GetString()).Order().ToList();
        Assert.Equal(["nightly-202611210300", "team-a-nightly-202611210300"], jobIds);
        using var rejected = JsonDocument.Parse(folder.Read("rejected/schedules/team-a/copy.json"));
        Assert.Equal("id 'nightly' is already used by the definition nightly; give each definition its own id", rejected.RootElement.GetProperty("reason").GetString());
    }
}
