using System.Text.Json.Nodes;

namespace Release0.Deploy.Tests;

/// <summary>
/// infra/ compiled and linted by <c>infra/check.sh</c>, the script a person (and ./test.sh) runs, with
/// the ARM JSON it leaves behind: what <c>az deployment group create</c> sends to Azure.
/// </summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "release0-infra-" + Guid.NewGuid().ToString("N"));

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = string.Empty;

    public JsonNode Json { get; private set; } = new JsonObject();

    public async Task InitializeAsync()
    {
        (ExitCode, Output) = await Repo.RunAsync("bash", Path.Combine(Repo.Root, "infra", "check.sh"), _folder);
        var compiled = Path.Combine(_folder, "main.json");
        if (File.Exists(compiled))
        {
            Json = JsonNode.Parse(File.ReadAllText(compiled))!;
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>The one resource of a type; fails naming the type when there is none or several.</summary>
    public JsonNode Resource(string type)
    {
        var matches = Json["resources"]!.AsArray().Where(r => (string?)r!["type"] == type).ToList();
        Assert.True(matches.Count == 1, $"the template has {matches.Count} resources of type {type}; expected one");
        return matches[0]!;
    }

    public IEnumerable<JsonNode> Resources(string type) =>
        Json["resources"]!.AsArray().Where(r => (string?)r!["type"] == type).Select(r => r!);

    /// <summary>The Function App's settings, by name, as the template writes them (literals or ARM expressions).</summary>
    public IReadOnlyDictionary<string, string> AppSettings() =>
        Resource("Microsoft.Web/sites/config")["properties"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);

    /// <summary>A parameter's default when it is a plain value; null when it is computed at deployment.</summary>
    public string? ParameterDefault(string name)
    {
        var value = (string?)Json["parameters"]![name]!["defaultValue"];
        return value is null || value.StartsWith('[') ? null : value;
    }
}
