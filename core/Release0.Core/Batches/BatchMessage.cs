using System.Text.Json.Serialization;

namespace Release0.Core.Batches;

/// <summary>One message of a batch, <c>{type, text}</c>; type <c>""</c> is plain text.</summary>
public sealed class BatchMessage
{
    [JsonConstructor]
    public BatchMessage(string type, string text)
    {
        Type = type ?? string.Empty;
        Text = text ?? string.Empty;
    }

    [JsonPropertyName("type")]
    public string Type { get; }

    [JsonPropertyName("text")]
    public string Text { get; }

    public static BatchMessage FromText(string text) => new(string.Empty, text);

    public override string ToString() => Text;
}
