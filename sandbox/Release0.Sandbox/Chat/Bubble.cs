using System.Text.Json.Nodes;

namespace Release0.Sandbox.Chat;

/// <summary>Builders for bot bubbles. Text bubbles carry both forms so either format can be served.</summary>
internal static class Bubble
{
    public static JsonObject Text(string id, string markdown, params JsonNode[] richText) =>
        new()
        {
            ["id"] = id,
            ["type"] = "text",
            ["content"] = new JsonObject { ["richText"] = new JsonArray(richText), ["markdown"] = markdown },
        };

    /// <summary>A one-paragraph bubble of plain words.</summary>
    public static JsonObject Say(string id, string text) => Text(id, text, P(Leaf(text)));

    public static JsonObject Media(string id, string type, JsonObject content) =>
        new() { ["id"] = id, ["type"] = type, ["content"] = content };

    public static JsonObject P(params JsonNode[] children) => Element("p", children);

    public static JsonObject Element(string type, params JsonNode[] children) =>
        new() { ["type"] = type, ["children"] = new JsonArray(children) };

    public static JsonObject Leaf(string text, params string[] marks)
    {
        var leaf = new JsonObject { ["text"] = text };
        foreach (var mark in marks)
        {
            leaf[mark] = true;
        }

        return leaf;
    }

    public static JsonObject Link(string url, string text) =>
        new() { ["type"] = "a", ["url"] = url, ["children"] = new JsonArray(Leaf(text)) };

    /// <summary>The bubble as the client asked for it: rich text, or the markdown form.</summary>
    public static JsonObject InFormat(JsonObject bubble, string format)
    {
        var copy = (JsonObject)bubble.DeepClone();
        if (copy["type"]?.GetValue<string>() == "text" && copy["content"] is JsonObject content)
        {
            var markdown = content["markdown"]!.GetValue<string>();
            var richText = content["richText"]!.DeepClone();
            content.Clear();
            if (format == "markdown")
            {
                content["type"] = "markdown";
                content["markdown"] = markdown;
            }
            else
            {
                content["type"] = "richText";
                content["richText"] = richText;
            }
        }

        return copy;
    }
}
