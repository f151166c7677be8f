using System.Text;
using System.Text.Json.Nodes;

namespace Release0.Deploy.Tests;

/// <summary>The deployment package: what <c>az functionapp deployment source config-zip</c> uploads.</summary>
[Collection(DeployCollection.Name)]
public sealed class PublishPackageTests
{
    private readonly PublishedApp _app;

    public PublishPackageTests(PublishedApp app)
    {
        _app = app;
    }

    [Fact]
    public void Publish_succeeds_and_writes_the_zip_beside_the_folder()
    {
        Assert.True(_app.ExitCode == 0, $"dotnet publish failed:\n{_app.Output}");
        Assert.True(File.Exists(_app.Zip), $"dotnet publish wrote no {_app.Zip}:\n{_app.Output}");
        Assert.Contains($"Deployment package: {_app.Zip}", _app.Output);
    }

    [Fact]
    public void Zip_holds_exactly_the_published_folder()
    {
        var folder = Directory.GetFiles(_app.Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_app.Folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(folder, _app.ZipEntries().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Functions_metadata_lists_the_four_functions_with_their_triggers()
    {
        var functions = _app.ZipJson("functions.metadata").AsArray()
            .ToDictionary(f => (string)f!["name"]!, f => f!["bindings"]!.AsArray().Single(b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.Ordinal))!);

        Assert.Equal(["AgentEvents", "BatchPolls", "BatchRequests", "ScheduledJobs"], functions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("release0-batch-requests", (string?)functions["BatchRequests"]["queueName"]);
        Assert.Equal("release0-batch-polls", (string?)functions["BatchPolls"]["queueName"]);
        Assert.Equal("release0-agent-events", (string?)functions["AgentEvents"]["queueName"]);
        Assert.Equal("timerTrigger", (string?)functions["ScheduledJobs"]["type"]);
        Assert.Equal("%RELEASE0_SCHEDULE%", (string?)functions["ScheduledJobs"]["schedule"]);
    }

    [Fact]
    public void Package_has_the_isolated_worker_layout_the_host_starts()
    {
        var entries = _app.ZipEntries();
        var worker = _app.ZipJson("worker.config.json")["description"]!;
        Assert.Equal("dotnet-isolated", (string?)worker["language"]);
        Assert.Equal("dotnet", (string?)worker["defaultExecutablePath"]);
        Assert.Contains((string)worker["defaultWorkerPath"]!, entries);

        // The host loads its trigger extensions from the paths extensions.json names.
        foreach (var extension in _app.ZipJson("extensions.json")["extensions"]!.AsArray())
        {
            var hint = ((string)extension!["hintPath"]!).Replace("./", string.Empty, StringComparison.Ordinal);
            Assert.Contains(hint, entries);
        }

        var runtime = _app.ZipJson("Release0.Functions.runtimeconfig.json")["runtimeOptions"]!["framework"]!;
        Assert.Equal("Microsoft.NETCore.App", (string?)runtime["name"]);
        Assert.StartsWith("10.0", (string?)runtime["version"]);
    }

    [Fact]
    public void Host_json_at_the_root_is_the_repository_one_with_the_queue_settings()
    {
        var host = _app.ZipJson("host.json");
        var repository = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "host.json")));
        Assert.True(JsonNode.DeepEquals(repository, host), $"the package's host.json differs from the repository's:\n{host.ToJsonString()}");

        // Isolated worker extensions are in the package (extensions.json), never an extension bundle.
        Assert.Null(host["extensionBundle"]);
        var queues = host["extensions"]!["queues"]!;
        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal("base64", (string?)queues["messageEncoding"]);
        Assert.Equal(8, (int?)queues["batchSize"]);
        Assert.Equal(5, (int?)queues["maxDequeueCount"]);
        Assert.Equal("00:00:02", (string?)queues["maxPollingInterval"]);
    }

    [Fact]
    public void Package_holds_no_local_settings_and_no_secret()
    {
        var entries = _app.ZipEntries();
        Assert.DoesNotContain(entries, e => Path.GetFileName(e).StartsWith("local.settings", StringComparison.OrdinalIgnoreCase));

        // The developer's token or a storage key would be a leak.
        string[] secrets = [_app.LocalToken, "AccountKey=", "SharedAccessSignature="];
        foreach (var entry in entries)
        {
            var text = Encoding.UTF8.GetString(_app.ZipEntry(entry));
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{entry} in the deployment zip contains '{(secret == _app.LocalToken ? "the local.settings.json token" : secret)}'");
            }
        }
    }
}
