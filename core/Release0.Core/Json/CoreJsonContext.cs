using System.Text.Json.Serialization;
using Release0.Core.Chats;

namespace Release0.Core.Json;

/// <summary>
/// Source-generated serializers for the request bodies the core sends. Responses are read
/// tolerantly from <see cref="System.Text.Json.JsonElement"/> instead, because the platform adds
/// fields and types and sends numbers where strings were expected.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatRequestBody))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
