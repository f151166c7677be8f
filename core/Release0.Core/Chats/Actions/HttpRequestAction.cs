using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

/// <summary>An HTTP call the client should make; the response body is the expected reply.</summary>
public sealed class HttpRequestAction : ClientSideAction
{
    internal HttpRequestAction(JsonElement raw)
        : base(raw)
    {
        Url = Payload.Str("url");
        Method = Payload.Str("method") ?? "GET";
        Headers = Payload.Prop("headers") is { ValueKind: JsonValueKind.Object } headers
            ? headers.EnumerateObject().ToDictionary(h => h.Name, h => JsonElementReader.AsString(h.Value) ?? string.Empty)
            : new Dictionary<string, string>();
        Body = Payload.Prop("body") is { } body ? JsonElementReader.AsString(body) ?? body.GetRawText() : null;
    }

    public string? Url { get; }

    public string Method { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public string? Body { get; }

    public override string Summary => $"HTTP {Method} {Url}";
}
