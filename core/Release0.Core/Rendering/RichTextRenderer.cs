using System.Text;
using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Rendering;

/// <summary>
/// Turns rich text (Slate/Plate nodes, contract section 8) into plain text or markdown: one line per
/// block, an empty paragraph as an empty line, lists prefixed "- " or "N. ", unknown elements
/// rendered through their children. Never throws on an unexpected node.
/// </summary>
public static class RichTextRenderer
{
    private static readonly HashSet<string> BlockTypes = new(StringComparer.Ordinal)
    {
        "p", "lic", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "code_block", "code_line", "hr",
    };

    public static string ToPlainText(JsonElement richText) => Render(richText, markdown: false);

    public static string ToMarkdown(JsonElement richText) => Render(richText, markdown: true);

    private static string Render(JsonElement richText, bool markdown)
    {
        var lines = new List<string>();
        if (richText.ValueKind == JsonValueKind.Array)
        {
            RenderBlocks(richText.EnumerateArray(), lines, string.Empty, markdown);
        }
        else if (richText.ValueKind == JsonValueKind.Object)
        {
            RenderBlocks(new[] { richText }, lines, string.Empty, markdown);
        }

        return string.Join("\n", lines).TrimEnd('\n', '\r');
    }

    private static void RenderBlocks(IEnumerable<JsonElement> nodes, List<string> lines, string indent, bool markdown)
    {
        // Inline nodes standing between blocks (a stray leaf at top level) share one line.
        var pending = new StringBuilder();
        var hasPending = false;
        foreach (var node in nodes)
        {
            // Where blocks are expected, any element but a link is a block of its own.
            if (IsLeaf(node) || node.Str("type") == "a")
            {
                pending.Append(RenderInline(node, markdown));
                hasPending = true;
                continue;
            }

            if (hasPending)
            {
                lines.Add(indent + pending);
                pending.Clear();
                hasPending = false;
            }

            RenderBlock(node, lines, indent, markdown);
        }

        if (hasPending)
        {
            lines.Add(indent + pending);
        }
    }

    private static void RenderBlock(JsonElement node, List<string> lines, string indent, bool markdown)
    {
        var type = node.Str("type") ?? string.Empty;
        var children = Children(node);
        switch (type)
        {
            case "ul":
            case "ol":
                var number = 1;
                foreach (var item in children)
                {
                    var marker = type == "ol" ? $"{number++}. " : "- ";
                    RenderListItem(item, lines, indent, marker, markdown);
                }

                break;
            case "hr":
                lines.Add(indent + "---");
                break;
            case "code_block":
                if (markdown)
                {
                    lines.Add(indent + "```");
                }

                RenderBlocks(children, lines, indent, markdown: false);
                if (markdown)
                {
                    lines.Add(indent + "```");
                }

                break;
            case "blockquote":
                RenderPrefixed(children, lines, indent, markdown ? "> " : string.Empty, markdown);
                break;
            default:
                if (type.Length == 2 && type[0] == 'h' && type[1] is >= '1' and <= '6')
                {
                    var prefix = markdown ? new string('#', type[1] - '0') + " " : string.Empty;
                    lines.Add(indent + prefix + InlineText(children, markdown));
                }
                else if (children.All(IsInline))
                {
                    lines.Add(indent + InlineText(children, markdown));
                }
                else
                {
                    RenderBlocks(children, lines, indent, markdown);
                }

                break;
        }
    }

    private static void RenderListItem(JsonElement item, List<string> lines, string indent, string marker, bool markdown)
    {
        // An li holds its text (lic, p or bare leaves) and possibly nested lists, which are indented under it.
        var text = new StringBuilder();
        var nested = new List<JsonElement>();
        var itemChildren = IsInline(item) || item.Str("type") is not "li" ? new List<JsonElement> { item } : Children(item);
        foreach (var child in itemChildren)
        {
            if (child.Str("type") is "ul" or "ol")
            {
                nested.Add(child);
            }
            else if (IsLeaf(child) || child.Str("type") == "a")
            {
                text.Append(RenderInline(child, markdown));
            }
            else
            {
                var childLines = new List<string>();
                RenderBlock(child, childLines, string.Empty, markdown);
                text.Append(string.Join(" ", childLines));
            }
        }

        lines.Add(indent + marker + text);
        foreach (var list in nested)
        {
            RenderBlock(list, lines, indent + new string(' ', marker.Length), markdown);
        }
    }

    private static void RenderPrefixed(List<JsonElement> children, List<string> lines, string indent, string prefix, bool markdown)
    {
        var inner = new List<string>();
        if (children.All(IsInline))
        {
            inner.Add(InlineText(children, markdown));
        }
        else
        {
            RenderBlocks(children, inner, string.Empty, markdown);
        }

        lines.AddRange(inner.Select(line => indent + prefix + line));
    }

    private static string InlineText(IEnumerable<JsonElement> nodes, bool markdown)
    {
        var text = new StringBuilder();
        foreach (var node in nodes)
        {
            text.Append(RenderInline(node, markdown));
        }

        return text.ToString();
    }

    private static string RenderInline(JsonElement node, bool markdown)
    {
        if (IsLeaf(node))
        {
            var text = node.Str("text") ?? string.Empty;
            return markdown ? ApplyMarks(node, text) : text;
        }

        var inner = InlineText(Children(node), markdown);
        if (node.Str("type") == "a" && node.Str("url") is { Length: > 0 } url)
        {
            if (markdown)
            {
                return $"[{inner}]({url})";
            }

            return inner.Length == 0 || inner == url ? url : $"{inner} ({url})";
        }

        return inner;
    }

    private static string ApplyMarks(JsonElement leaf, string text)
    {
        // Marks wrap only the visible part: "**Hi** " rather than "**Hi **", which markdown would not bold.
        var core = text.Trim();
        if (core.Length == 0)
        {
            return text;
        }

        var wrapped = core;
        if (leaf.Bool("code") == true)
        {
            wrapped = $"`{wrapped}`";
        }

        if (leaf.Bool("strikethrough") == true)
        {
            wrapped = $"~~{wrapped}~~";
        }

        if (leaf.Bool("italic") == true)
        {
            wrapped = $"_{wrapped}_";
        }

        if (leaf.Bool("bold") == true)
        {
            wrapped = $"**{wrapped}**";
        }

        var start = text.IndexOf(core, StringComparison.Ordinal);
        return text.Substring(0, start) + wrapped + text.Substring(start + core.Length);
    }

    private static bool IsLeaf(JsonElement node) => node.ValueKind == JsonValueKind.Object && node.TryGetProperty("text", out _);

    private static bool IsInline(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (IsLeaf(node) || node.Str("type") == "a")
        {
            return true;
        }

        var type = node.Str("type");
        return type is not null && !BlockTypes.Contains(type) && !(type.Length == 2 && type[0] == 'h') && Children(node) is { Count: > 0 } children && children.All(IsInline);
    }

    private static List<JsonElement> Children(JsonElement node) => node.Items("children").ToList();
}
