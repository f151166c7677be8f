using System.Text.Json.Serialization;
using Release0.Core.Batches;
using Release0.Core.Chats;
using Release0.Core.Messages;

namespace Release0.Core.Json;

/// <summary>
/// Source-generated serializers for the request bodies the core sends. Responses are read
/// tolerantly from <see cref="System.Text.Json.JsonElement"/> instead, because the platform adds
/// fields and types and sends numbers where strings were expected.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatRequestBody))]
[JsonSerializable(typeof(AgentMessageBody))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(BatchRequestBody))]
[JsonSerializable(typeof(BatchPollBody))]
[JsonSerializable(typeof(IList<BatchMessage>))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
