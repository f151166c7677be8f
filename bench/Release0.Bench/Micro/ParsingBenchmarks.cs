using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Release0.Core.Chats;
using Release0.Core.Messages;
using Release0.Core.Rendering;

namespace Release0.Bench.Micro;

/// <summary>The core's CPU-bound work: reading a large turn, rendering rich text, reading Server-Sent Events.</summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private byte[] _turn = [];
    private JsonElement _richText;
    private byte[] _sse = [];

    [GlobalSetup]
    public void Setup()
    {
        var paragraph = """{"type":"p","children":[{"text":"Order "},{"text":"#4711","bold":true},{"text":" ships "},{"type":"a","url":"https://example.com/t","children":[{"text":"today"}]}]}""";
        var list = """{"type":"ul","children":[{"type":"li","children":[{"type":"lic","children":[{"text":"one"}]}]},{"type":"li","children":[{"type":"lic","children":[{"text":"two","italic":true}]}]}]}""";
        var richText = "[" + string.Join(",", Enumerable.Range(0, 50).Select(i => i % 5 == 4 ? list : paragraph)) + "]";
        var bubble = """{"id":"b","type":"text","content":{"type":"richText","richText":""" + richText + "}}";
        var media = """{"id":"i","type":"image","content":{"url":"https://example.com/a.png","clickLink":{"url":"https://example.com","alt":"x"}}}""";
        var messages = string.Join(",", Enumerable.Range(0, 40).Select(i => i % 4 == 3 ? media : bubble));
        _turn = Encoding.UTF8.GetBytes("""{"messages":[""" + messages + """],"input":{"id":"in","type":"choice input","items":[{"id":"a","content":"A"},{"id":"b","content":"B","value":"b"}],"options":{"isMultipleChoice":false}},"clientSideActions":[{"type":"wait","wait":{"secondsToWaitFor":1},"expectsDedicatedReply":true}],"progress":40}""");
        using var document = JsonDocument.Parse(richText);
        _richText = document.RootElement.Clone();
        var sse = new StringBuilder(": connected\n\n");
        for (var i = 0; i < 1000; i++)
        {
            sse.Append("event: message\nid: ").Append(i).Append("\ndata: {\"chunk\":\"word ").Append(i).Append(" \"}\n\n");
        }

        sse.Append("data: {\"conversationId\":\"conv_1\",\"metadata\":{\"model\":\"m\",\"tokens\":1000}}\n\ndata: [DONE]\n\n");
        _sse = Encoding.UTF8.GetBytes(sse.ToString());
    }

    /// <summary>A 40-bubble turn (about 60 KB) into typed messages, input and actions.</summary>
    [Benchmark]
    public int ParseLargeTurn()
    {
        using var document = JsonDocument.Parse(_turn);
        return new ChatTurn(document.RootElement.Clone()).Messages.Count;
    }

    /// <summary>50 blocks of rich text to plain text.</summary>
    [Benchmark]
    public int RenderPlainText() => RichTextRenderer.ToPlainText(_richText).Length;

    /// <summary>50 blocks of rich text to markdown.</summary>
    [Benchmark]
    public int RenderMarkdown() => RichTextRenderer.ToMarkdown(_richText).Length;

    /// <summary>1,000 SSE events through System.Net.ServerSentEvents and the core's event reader.</summary>
    [Benchmark]
    public int ParseSse()
    {
        var characters = 0;
        foreach (var item in SseParser.Create(new MemoryStream(_sse), StreamEvent.Parse).Enumerate())
        {
            characters += item.Data.Chunk?.Length ?? 0;
        }

        return characters;
    }
}
