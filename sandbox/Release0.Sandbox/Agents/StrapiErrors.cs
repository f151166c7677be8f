using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Release0.Sandbox.Agents;

/// <summary>Errors in the Strapi envelope the agent-message API uses: <c>{data: null, error: {status, name, message, details}}</c>.</summary>
internal static class StrapiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string name, string message, JsonObject? details = null) =>
        Json.WriteAsync(context, status, new JsonObject
        {
            ["data"] = null,
            ["error"] = new JsonObject { ["status"] = status, ["name"] = name, ["message"] = message, ["details"] = details ?? new JsonObject() },
        });

    public static Task ValidationAsync(HttpContext context, string path, string message) =>
        WriteAsync(context, 400, "ValidationError", message, new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["path"] = new JsonArray(path), ["message"] = message, ["name"] = "ValidationError" }),
        });
}
