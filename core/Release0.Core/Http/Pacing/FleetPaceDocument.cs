using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release0.Core.Http.Pacing;

/// <summary>
/// What a fleet shares, as stored: <c>{"version": 1, "rate": 19.5, "refusedAt": 26, "changedAt": "...", "cutAt": "...",
/// "pausedUntil": "...", "instances": {"id": "last seen"}}</c>. <c>rate</c> is the whole fleet's calls per
/// second (null while the platform has limited nobody); each active instance sends its share of it.
/// </summary>
internal sealed class FleetPaceDocument
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; set; } = CurrentVersion;

    /// <summary>Calls per second for the whole fleet; null while the platform has limited nobody.</summary>
    [JsonPropertyName("rate")]
    public double? Rate { get; set; }

    /// <summary>The fleet's rate when it was last refused: the rate grows back quickly to near it, and past it slowly.</summary>
    [JsonPropertyName("refusedAt")]
    public double? RefusedAt { get; set; }

    /// <summary>When the first refusal out of slow start set the rate: refusals just after it are the same overload.</summary>
    [JsonPropertyName("estimatedAt")]
    public DateTimeOffset? EstimatedAt { get; set; }

    /// <summary>How many instances' slow-start estimates the first rate is the mean of.</summary>
    [JsonPropertyName("estimates")]
    public int? Estimates { get; set; }

    /// <summary>When the rate last grew or was cut: growth is 10 % per second since then.</summary>
    [JsonPropertyName("changedAt")]
    public DateTimeOffset? ChangedAt { get; set; }

    /// <summary>When an instance last cut the rate after a refusal: other instances' refusals before they see it are the same overload.</summary>
    [JsonPropertyName("cutAt")]
    public DateTimeOffset? CutAt { get; set; }

    /// <summary>Until when the platform asked every caller to wait.</summary>
    [JsonPropertyName("pausedUntil")]
    public DateTimeOffset? PausedUntil { get; set; }

    /// <summary>Instances by id, with when each last wrote: those seen lately share the rate.</summary>
    [JsonPropertyName("instances")]
    public Dictionary<string, DateTimeOffset> Instances { get; set; } = new(StringComparer.Ordinal);

    public string Write() => JsonSerializer.Serialize(this, FleetPaceJsonContext.Default.FleetPaceDocument);

    /// <summary>The document <paramref name="text"/> holds; null when it is not one (then it is replaced by the next write).</summary>
    public static FleetPaceDocument? Read(string text)
    {
        try
        {
            var document = JsonSerializer.Deserialize(text, FleetPaceJsonContext.Default.FleetPaceDocument);
            return document is { Version: CurrentVersion, Instances: not null } && document.Rate is null or > 0 ? document : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(FleetPaceDocument))]
internal sealed partial class FleetPaceJsonContext : JsonSerializerContext;
