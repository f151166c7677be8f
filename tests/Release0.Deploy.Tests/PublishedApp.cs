using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Release0.Deploy.Tests;

/// <summary>
/// The Functions app published as the README says (<c>dotnet publish functions/Release0.Functions -c Release
/// -o DIR</c>, which also writes DIR.zip), once for all deployment tests. A local.settings.json with a
/// known token stands in the project folder during the publish, as on a developer's machine, so the
/// tests can show it stays out.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "release0-deploy-" + Guid.NewGuid().ToString("N"));

    public string Folder => Path.Combine(_root, "release0-functions");

    public string Zip => Folder + ".zip";

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = string.Empty;

    /// <summary>The token in the project's local.settings.json during the publish.</summary>
    public string LocalToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var project = Path.Combine(Repo.Root, "functions", "Release0.Functions");
        var localSettings = Path.Combine(project, "local.settings.json");
        var planted = !File.Exists(localSettings);
        if (planted)
        {
            File.Copy(Path.Combine(project, "local.settings.json.example"), localSettings);
            var settings = JsonNode.Parse(File.ReadAllText(localSettings))!;
            settings["Values"]!["RELEASE0_API_TOKEN"] = "local-token-" + Guid.NewGuid().ToString("N");
            File.WriteAllText(localSettings, settings.ToJsonString());
        }

        try
        {
            LocalToken = JsonNode.Parse(File.ReadAllText(localSettings))!["Values"]!["RELEASE0_API_TOKEN"]!.GetValue<string>();
            (ExitCode, Output) = await Repo.RunAsync("dotnet", "publish", project, "-c", "Release", "-o", Folder, "--nologo");
        }
        finally
        {
            if (planted)
            {
                File.Delete(localSettings);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>The zip's entry names, with forward slashes, as Azure unpacks them.</summary>
    public IReadOnlyList<string> ZipEntries()
    {
        using var zip = ZipFile.OpenRead(Zip);
        return zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName.Replace('\\', '/')).ToList();
    }

    public byte[] ZipEntry(string name)
    {
        using var zip = ZipFile.OpenRead(Zip);
        var entry = zip.Entries.SingleOrDefault(e => e.FullName.Replace('\\', '/') == name);
        Assert.True(entry is not null, $"the deployment zip has no {name}");
        using var stream = entry!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public JsonNode ZipJson(string name) => JsonNode.Parse(ZipEntry(name), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;

    /// <summary>The queue each queue-triggered function listens on, from the package's functions.metadata.</summary>
    public IReadOnlyList<string> TriggerQueues() => ZipJson("functions.metadata").AsArray()
        .SelectMany(f => f!["bindings"]!.AsArray())
        .Where(b => (string?)b!["type"] == "queueTrigger")
        .Select(b => (string)b!["queueName"]!)
        .ToList();
}
