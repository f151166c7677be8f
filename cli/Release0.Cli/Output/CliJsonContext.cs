using System.Text.Json.Serialization;

namespace Release0.Cli.Output;

/// <summary>Source-generated serializers for everything <c>--json</c> prints.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ChatTurnOutput))]
[JsonSerializable(typeof(ChatRunOutput))]
[JsonSerializable(typeof(AgentReplyOutput))]
[JsonSerializable(typeof(BatchOutput))]
[JsonSerializable(typeof(BatchSubmitOutput))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
