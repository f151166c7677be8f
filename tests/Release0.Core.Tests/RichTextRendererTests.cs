using System.Text.Json;
using Release0.Core.Rendering;

namespace Release0.Core.Tests;

public sealed class RichTextRendererTests
{
    [Fact]
    public void Contract_example_renders_to_plain_text_and_markdown()
    {
        var nodes = Parse("""[{"type":"p","children":[{"text":"Hi "},{"text":"Ann","bold":true}]},{"type":"p","children":[{"text":""}]},{"type":"p","children":[{"text":"Bye"}]}]""");

        Assert.Equal("Hi Ann\n\nBye", RichTextRenderer.ToPlainText(nodes));
        Assert.Equal("Hi **Ann**\n\nBye", RichTextRenderer.ToMarkdown(nodes));
    }

    [Fact]
    public void Marks_wrap_only_visible_text_and_combine()
    {
        var nodes = Parse("""[{"type":"p","children":[{"text":"a "},{"text":"bold ","bold":true},{"text":"both","bold":true,"italic":true},{"text":" "},{"text":"gone","strikethrough":true},{"text":" "},{"text":"x()","code":true},{"text":" u","underline":true}]}]""");

        Assert.Equal("a **bold** **_both_** ~~gone~~ `x()` u", RichTextRenderer.ToMarkdown(nodes));
        Assert.Equal("a bold both gone x() u", RichTextRenderer.ToPlainText(nodes));
    }

    [Fact]
    public void Links_show_their_url_in_plain_text_once()
    {
        var nodes = Parse("""[{"type":"p","children":[{"text":"See "},{"type":"a","url":"https://x.io","children":[{"text":"docs"}]},{"text":" or "},{"type":"a","url":"https://y.io","children":[{"text":"https://y.io"}]}]}]""");

        Assert.Equal("See docs (https://x.io) or https://y.io", RichTextRenderer.ToPlainText(nodes));
        Assert.Equal("See [docs](https://x.io) or [https://y.io](https://y.io)", RichTextRenderer.ToMarkdown(nodes));
    }

    [Fact]
    public void Nested_lists_are_indented_under_their_item()
    {
        var nodes = Parse("""
        [{"type":"ol","children":[
          {"type":"li","children":[{"type":"lic","children":[{"text":"one"}]},
            {"type":"ul","children":[{"type":"li","children":[{"type":"lic","children":[{"text":"one-a","bold":true}]}]}]}]},
          {"type":"li","children":[{"type":"p","children":[{"text":"two"}]}]}]}]
        """);

        Assert.Equal("1. one\n   - one-a\n2. two", RichTextRenderer.ToPlainText(nodes));
        Assert.Equal("1. one\n   - **one-a**\n2. two", RichTextRenderer.ToMarkdown(nodes));
    }

    [Fact]
    public void Headings_quotes_code_and_rules_from_expanded_markdown()
    {
        var nodes = Parse("""
        [{"type":"h2","children":[{"text":"Title"}]},
         {"type":"blockquote","children":[{"text":"quoted"}]},
         {"type":"code_block","children":[{"type":"code_line","children":[{"text":"let a = 1;"}]}]},
         {"type":"hr","children":[{"text":""}]}]
        """);

        Assert.Equal("Title\nquoted\nlet a = 1;\n---", RichTextRenderer.ToPlainText(nodes));
        Assert.Equal("## Title\n> quoted\n```\nlet a = 1;\n```\n---", RichTextRenderer.ToMarkdown(nodes));
    }

    [Fact]
    public void Unknown_elements_render_through_their_children()
    {
        var nodes = Parse("""
        [{"type":"callout","icon":"!","children":[{"text":"Heads "},{"type":"mention","children":[{"text":"@ops"}]}]},
         {"type":"columns","children":[{"type":"p","children":[{"text":"left"}]},{"type":"p","children":[{"text":"right"}]}]},
         {"weird":true},
         {"text":"stray leaf"}]
        """);

        Assert.Equal("Heads @ops\nleft\nright\n\nstray leaf", RichTextRenderer.ToPlainText(nodes));
    }

    [Fact]
    public void Trailing_empty_paragraphs_are_trimmed_and_non_arrays_are_empty()
    {
        Assert.Equal("x", RichTextRenderer.ToPlainText(Parse("""[{"type":"p","children":[{"text":"x"}]},{"type":"p","children":[{"text":""}]}]""")));
        Assert.Equal(string.Empty, RichTextRenderer.ToPlainText(Parse("\"just a string\"")));
        Assert.Equal(string.Empty, RichTextRenderer.ToMarkdown(Parse("[]")));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
