using System.Text.Json;
using System.Text.RegularExpressions;

namespace Release0.Functions.Tests;

/// <summary>What the Worker SDK wrote into functions.metadata, which the host indexes, against what the README documents.</summary>
public sealed partial class FunctionMetadataTests
{
    [Fact]
    public void Functions_metadata_lists_the_four_functions_with_the_triggers_the_readme_documents()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.FunctionsOutput, "functions.metadata")));
        var built = metadata.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray());
            Assert.Equal("In", trigger.GetProperty("direction").GetString());

            // No connection property: the trigger uses the host's own storage setting, AzureWebJobsStorage (README: Resources).
            Assert.False(trigger.TryGetProperty("connection", out _), $"{function.GetProperty("name")} names a connection");
            var type = trigger.GetProperty("type").GetString();
            var source = type == "queueTrigger" ? $"queue {trigger.GetProperty("queueName").GetString()}" : $"timer {trigger.GetProperty("schedule").GetString()}";
            return $"{function.GetProperty("name").GetString()}: {source}";
        }).Order(StringComparer.Ordinal).ToList();

        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        var documented = FunctionRow().Matches(readme).Select(m => $"{m.Groups["name"].Value}: {m.Groups["kind"].Value} {m.Groups["source"].Value}").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            ["AgentEvents: queue release0-agent-events", "BatchPolls: queue release0-batch-polls", "BatchRequests: queue release0-batch-requests", "ScheduledJobs: timer %RELEASE0_SCHEDULE%"],
            built);
        Assert.Equal(documented, built);
        Assert.Contains("`AzureWebJobsStorage`", readme, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\| `(?<name>\w+)` \| (?<kind>queue|timer) `(?<source>[^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex FunctionRow();
}
