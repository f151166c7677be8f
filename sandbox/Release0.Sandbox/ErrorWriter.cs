using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Release0.Sandbox;

/// <summary>Writes chat-API errors in the configured shape, with the status matching the code.</summary>
internal sealed class ErrorWriter
{
    private readonly ErrorShape _shape;

    public ErrorWriter(ErrorShape shape)
    {
        _shape = shape;
    }

    public Task WriteAsync(HttpContext context, int status, string code, string message, JsonArray? issues = null)
    {
        var body = _shape == ErrorShape.Orpc
            ? new JsonObject { ["defined"] = false, ["code"] = code, ["status"] = status, ["message"] = message }
            : new JsonObject { ["code"] = code, ["message"] = message };
        if (issues is not null)
        {
            body["issues"] = issues;
        }

        return Json.WriteAsync(context, status, body);
    }
}

internal static class Json
{
    public static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
