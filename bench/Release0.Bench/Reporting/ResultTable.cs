using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release0.Bench.Reporting;

/// <summary>One measured comparison: the core's number, the baseline's, their ratio, and the goal.</summary>
internal sealed record BenchResult(
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("core")] double Core,
    [property: JsonPropertyName("baseline")] double? Baseline,
    [property: JsonPropertyName("baselineName")] string? BaselineName,
    [property: JsonPropertyName("ratio")] double? Ratio,
    [property: JsonPropertyName("goal")] string Goal,
    [property: JsonPropertyName("met")] bool? Met);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;

internal sealed record BenchReport(
    [property: JsonPropertyName("machine")] string Machine,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("results")] IReadOnlyList<BenchResult> Results);

/// <summary>Collects results and writes them as markdown and JSON.</summary>
internal sealed class ResultTable
{
    private readonly List<BenchResult> _results = [];

    public void Add(BenchResult result)
    {
        _results.Add(result);
        Console.WriteLine($"  {result.Scenario} / {result.Metric}: {Format(result.Core)} {result.Unit}" +
            (result.Baseline is { } b ? $" vs {Format(b)} ({result.BaselineName})" : string.Empty) +
            (result.Ratio is { } ratio ? $", ratio {Format(ratio)}" : string.Empty) +
            $" - goal {result.Goal}: {(result.Met switch { true => "met", false => "MISSED", _ => "reported" })}");
    }

    public void Write(string folder, DateTimeOffset startedAt)
    {
        Directory.CreateDirectory(folder);
        var machine = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
        File.WriteAllText(Path.Combine(folder, "results.json"), JsonSerializer.Serialize(new BenchReport(machine, startedAt, _results), BenchJsonContext.Default.BenchReport));
        var markdown = new StringBuilder()
            .AppendLine($"Run {startedAt:yyyy-MM-dd HH:mm} UTC on {machine}.")
            .AppendLine()
            .AppendLine("| Scenario | Metric | Core | Baseline | Ratio | Goal | Met |")
            .AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in _results)
        {
            var baseline = r.Baseline is { } b ? $"{Format(b)} {r.Unit} ({r.BaselineName})" : "-";
            var ratio = r.Ratio is { } x ? Format(x) : "-";
            var met = r.Met switch { true => "yes", false => "**no**", _ => "-" };
            markdown.AppendLine($"| {r.Scenario} | {r.Metric} | {Format(r.Core)} {r.Unit} | {baseline} | {ratio} | {r.Goal} | {met} |");
        }

        File.WriteAllText(Path.Combine(folder, "results.md"), markdown.ToString());
    }

    private static string Format(double value) => Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);
}
