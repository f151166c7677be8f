using System.Text.Json;
using Release0.Core.Batches;

namespace Release0.Core.Tests;

/// <summary>The poll response shape is undocumented; these are the shapes agent-apis.md B.6.5 says to tolerate.</summary>
public sealed class BatchClassificationTests
{
    [Theory]
    [InlineData("""{"status":"pending"}""", BatchState.Pending)]
    [InlineData("""{"status":"in_progress","messages":[]}""", BatchState.Pending)]
    [InlineData("""{"state":"queued"}""", BatchState.Pending)]
    [InlineData("""{"status":"I"}""", BatchState.Pending)]
    [InlineData("""{"data":{"status":"N"}}""", BatchState.Pending)]
    [InlineData("""{"status":"completed","messages":[{"type":"","text":"Hi"}]}""", BatchState.Completed)]
    [InlineData("""{"status":"C"}""", BatchState.Completed)]
    [InlineData("""{"messages":[{"type":"","text":"Hi"}]}""", BatchState.Completed)]
    [InlineData("""{"data":{"chatSessionId":"cs","messages":"[{\"type\":\"\",\"text\":\"Hi\"}]"}}""", BatchState.Completed)]
    [InlineData("""{"result":{"messages":[{"text":"Hi"}]}}""", BatchState.Completed)]
    [InlineData("""{"status":"failed"}""", BatchState.Failed)]
    [InlineData("""{"error":"boom"}""", BatchState.Failed)]
    [InlineData("""{"status":false,"message":"Agent crashed"}""", BatchState.Failed)]
    [InlineData("""{"status":"cancelled"}""", BatchState.Failed)]
    [InlineData("""{"status":"warming-up"}""", BatchState.Unknown)]
    [InlineData("""{}""", BatchState.Unknown)]
    [InlineData("""[1,2]""", BatchState.Unknown)]
    public void Poll_responses_are_classified_tolerantly(string json, BatchState expected)
    {
        var status = Classify(json);

        Assert.Equal(expected, status.State);
        Assert.Equal(JsonDocument.Parse(json).RootElement.GetRawText(), status.Raw.GetRawText());
    }

    [Fact]
    public void Completed_messages_session_and_failure_details_are_read()
    {
        var done = Classify("""{"data":{"status":"done","chatSessionId":"cs_9","messages":[{"type":"","text":"Hello"},{"type":"markdown","text":"**Hi**"},"plain"]}}""");
        var failed = Classify("""{"status":false,"message":"Agent crashed","code":"E42"}""");
        var errorObject = Classify("""{"error":{"name":"TimeoutError","message":"took too long"}}""");

        Assert.Equal(["Hello", "**Hi**", "plain"], done.Messages.Select(m => m.Text));
        Assert.Equal("markdown", done.Messages[1].Type);
        Assert.Equal("cs_9", done.ChatSessionId);
        Assert.Equal("done", done.StatusText);
        Assert.Equal(("E42", "Agent crashed", "false"), (failed.ErrorCode, failed.ErrorMessage, failed.StatusText));
        Assert.Equal(("TimeoutError", "took too long"), (errorObject.ErrorCode, errorObject.ErrorMessage));
    }

    private static BatchStatus Classify(string json)
    {
        using var document = JsonDocument.Parse(json);
        return BatchStatusClassifier.Classify("bj_1", document.RootElement.Clone());
    }
}
