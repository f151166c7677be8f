using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Release0.Core.Json;

namespace Release0.Core.Http;

/// <summary>The platform's error code, message and details, read from whatever body came back.</summary>
internal readonly record struct ApiErrorBody(string? Code, string? Message, JsonElement? Details);

/// <summary>
/// Reads the error shapes the three APIs use: <c>{code, message, issues}</c> (tRPC),
/// <c>{defined, code, status, message, data}</c> (oRPC), <c>{data, error:{status, name, message,
/// details}}</c> (Strapi), a bare <c>{message}</c>, a non-JSON page from a proxy, or nothing at all.
/// </summary>
internal static class ApiErrorParser
{
    private const int MaxShownLength = 300;
    private static readonly Regex Tags = new("<[^>]*>", RegexOptions.Compiled);
    private static readonly Regex Title = new("<title[^>]*>(.*?)</title>", RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.Singleline);
    private static readonly Regex Space = new(@"\s+", RegexOptions.Compiled);

    public static ApiErrorBody Parse(HttpStatusCode status, string? mediaType, string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new ApiErrorBody(null, $"empty response body ({Describe(status)})", null);
        }

        if (TryParseJson(body) is { } json)
        {
            return FromJson(json) ?? new ApiErrorBody(null, OneLine(body), json);
        }

        // An HTML page from a proxy or load balancer: its title is usually the useful part.
        var titleMatch = Title.Match(body);
        var text = titleMatch.Success ? titleMatch.Groups[1].Value : Tags.Replace(body, " ");
        return new ApiErrorBody(null, $"non-JSON response ({mediaType ?? "no content type"}): {OneLine(WebUtility.HtmlDecode(text))}", null);
    }

    /// <summary>An <c>error</c> payload inside a stream: a string, or an object in any of the shapes above.</summary>
    public static ApiErrorBody FromStreamError(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.String => new ApiErrorBody(null, error.GetString(), null),
        JsonValueKind.Object => new ApiErrorBody(error.Str("name") ?? error.Str("code"), error.Str("message") ?? OneLine(error.GetRawText()), error.Prop("details")),
        _ => new ApiErrorBody(null, OneLine(error.GetRawText()), null),
    };

    public static string OneLine(string text)
    {
        var line = Space.Replace(text, " ").Trim();
        return line.Length <= MaxShownLength ? line : line.Substring(0, MaxShownLength) + "...";
    }

    private static ApiErrorBody? FromJson(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // Strapi envelope: {"data": null, "error": {...}}; some services send "error" as a plain string.
        if (json.Prop("error") is { } error)
        {
            if (error.ValueKind == JsonValueKind.String)
            {
                return new ApiErrorBody(json.Str("code"), error.GetString(), json.Prop("details"));
            }

            if (error.ValueKind == JsonValueKind.Object)
            {
                return new ApiErrorBody(error.Str("name") ?? error.Str("code"), error.Str("message"), error.Prop("details"));
            }
        }

        var code = json.Str("code");
        var message = json.Str("message");
        if (code is null && message is null)
        {
            return null;
        }

        return new ApiErrorBody(code, message, json.Prop("issues") ?? json.Prop("details") ?? json.Prop("data"));
    }

    private static JsonElement? TryParseJson(string body)
    {
        var trimmed = body.TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(HttpStatusCode status) => $"{(int)status} {status}";
}
