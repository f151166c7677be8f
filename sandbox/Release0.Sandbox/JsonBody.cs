using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Release0.Sandbox;

/// <summary>Reads a JSON request body, or says (status, code, message) why it cannot.</summary>
internal static class JsonBody
{
    public static async Task<(JsonObject? Body, int Status, string Code, string Message)> ReadAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            return (null, 415, "UNSUPPORTED_MEDIA_TYPE", "Missing content-type header");
        }

        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, 415, "UNSUPPORTED_MEDIA_TYPE", $"Unsupported content-type \"{contentType}\"");
        }

        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            return text.Length == 0 ? (new JsonObject(), 200, string.Empty, string.Empty)
                : JsonNode.Parse(text) is JsonObject body ? (body, 200, string.Empty, string.Empty)
                : (null, 400, "BAD_REQUEST", "The body must be a JSON object");
        }
        catch (JsonException)
        {
            return (null, 400, "PARSE_ERROR", "Failed to parse request body");
        }
    }

    public static string? String(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static bool HasBearer(HttpContext context, string token) =>
        context.Request.Headers.Authorization.ToString() is var header
        && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && header[7..] == token;
}
