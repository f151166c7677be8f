using System.Text.Json;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.PowerShell.Decisions;

namespace Release0.PowerShell.Tests;

public sealed class ErrorMapperTests
{
    [Theory]
    [InlineData(400, "InvalidArgument", null)]
    [InlineData(401, "AuthenticationError", "Run Connect-Release0 with a valid -ApiToken")]
    [InlineData(403, "PermissionDenied", "Use a token that may access this agent.")]
    [InlineData(404, "ObjectNotFound", "Check the id.")]
    [InlineData(409, "ResourceBusy", "Wait for the current operation")]
    [InlineData(422, "InvalidData", null)]
    [InlineData(429, "LimitsExceeded", "Wait 30s, or send fewer requests.")]
    [InlineData(500, "ResourceUnavailable", "The platform is unavailable")]
    [InlineData(503, "ResourceUnavailable", "The platform is unavailable")]
    [InlineData(504, "OperationTimeout", "Try again later.")]
    public void Http_statuses_map_to_fitting_categories(int status, string category, string? advice)
    {
        var error = Api(ApiErrorKind.Http, status);

        var spec = ErrorMapper.From(error, "bj_1");

        Assert.Equal($"Release0.Http{status}", spec.ErrorId);
        Assert.Equal(category, spec.Category);
        Assert.Equal("bj_1", spec.Target);
        Assert.Equal("the platform said no", spec.PlatformMessage);
        Assert.Equal(error.Message, spec.Message);
        if (advice is null)
        {
            Assert.Null(spec.RecommendedAction);
        }
        else
        {
            Assert.StartsWith(advice, spec.RecommendedAction);
        }
    }

    [Theory]
    [InlineData(ApiErrorKind.Timeout, "Release0.Timeout", "OperationTimeout")]
    [InlineData(ApiErrorKind.Network, "Release0.Network", "ConnectionError")]
    [InlineData(ApiErrorKind.StreamError, "Release0.StreamError", "InvalidResult")]
    [InlineData(ApiErrorKind.IncompleteResponse, "Release0.IncompleteResponse", "ProtocolError")]
    [InlineData(ApiErrorKind.InvalidResponse, "Release0.InvalidResponse", "InvalidResult")]
    public void Failures_without_a_status_map_by_kind(ApiErrorKind kind, string id, string category)
    {
        var spec = ErrorMapper.From(Api(kind, null), "conv_1");

        Assert.Equal((id, category), (spec.ErrorId, spec.Category));
    }

    [Fact]
    public void A_404_on_continue_advises_a_new_session()
    {
        var error = new Release0ApiException(ApiErrorKind.Http, "continue chat", HttpMethod.Post, new Uri("https://x/api"), "gone", 404, "NOT_FOUND", "Session not found.");

        Assert.Equal("The session has ended or expired; start a new one with Start-AgentChat.", ErrorMapper.From(error, "s1").RecommendedAction);
    }

    [Fact]
    public void Configuration_errors_name_the_setting_and_missing_tokens_say_how_to_connect()
    {
        var config = ErrorMapper.From(new Release0ConfigurationException("BaseUri", "bad uri"), null);
        var notConnected = ErrorMapper.NotConnected("Submitting a batch");

        Assert.Equal(("Release0.InvalidArgument.BaseUri", "InvalidArgument"), (config.ErrorId, config.Category));
        Assert.Equal(("Release0.NotConnected", "AuthenticationError"), (notConnected.ErrorId, notConnected.Category));
        Assert.Equal("Submitting a batch needs an API token, and none is set.", notConnected.Message);
        Assert.Equal(ErrorMapper.NotConnectedAdvice, notConnected.RecommendedAction);
    }

    [Fact]
    public void Failed_and_timed_out_batches_are_errors_about_the_job()
    {
        using var raw = JsonDocument.Parse("""{"status":"failed","error":{"code":"AGENT_ERROR","message":"boom"}}""");
        var status = BatchStatusClassifier.Classify("bj_9", raw.RootElement.Clone());
        var waited = new BatchWaitResult(BatchOutcome.TimedOut, BatchStatusClassifier.Classify("bj_9", JsonDocument.Parse("""{"status":"running"}""").RootElement.Clone()), 7, TimeSpan.FromSeconds(60), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(60));

        var failed = ErrorMapper.BatchFailed(status);
        var timedOut = ErrorMapper.BatchTimedOut(waited, TimeSpan.FromSeconds(60));

        Assert.Equal(("Release0.BatchFailed", "InvalidResult", "bj_9"), (failed.ErrorId, failed.Category, failed.Target));
        Assert.Equal("Batch job bj_9 failed: boom (AGENT_ERROR).", failed.Message);
        var onlyMessage = ErrorMapper.BatchFailed(BatchStatusClassifier.Classify("bj_8", JsonDocument.Parse("""{"status":"failed","error":"agent crashed"}""").RootElement.Clone()));
        Assert.Equal("Batch job bj_8 failed: agent crashed.", onlyMessage.Message);
        var noReason = ErrorMapper.BatchFailed(BatchStatusClassifier.Classify("bj_7", JsonDocument.Parse("""{"status":"failed"}""").RootElement.Clone()));
        Assert.Equal("Batch job bj_7 failed: the platform gave no reason.", noReason.Message);
        Assert.Equal(("Release0.BatchTimedOut", "OperationTimeout"), (timedOut.ErrorId, timedOut.Category));
        Assert.Equal("Batch job bj_9 was still running after 60s (7 polls).", timedOut.Message);
    }

    [Fact]
    public void Every_category_used_exists_in_PowerShells_ErrorCategory()
    {
        using var module = BuiltModule.Load();
        var categories = module.Automation.GetType("System.Management.Automation.ErrorCategory")!.GetFields().Select(f => f.Name).ToHashSet();
        var used = new[] { 400, 401, 402, 403, 404, 408, 409, 413, 415, 422, 429, 500, 418 }.Select(s => ErrorMapper.From(Api(ApiErrorKind.Http, s), null).Category)
            .Concat(Enum.GetValues<ApiErrorKind>().Select(k => ErrorMapper.From(Api(k, 500), null).Category))
            .Append(ErrorMapper.NotConnected("x").Category)
            .Append(ErrorMapper.SessionEnded("s").Category)
            .Append(ErrorMapper.DisconnectedObject().Category)
            .Append(ErrorMapper.From(new Release0ConfigurationException("a", "b"), null).Category)
            .Append(ErrorMapper.From(new InvalidOperationException("c"), null).Category);

        Assert.All(used.Distinct(), c => Assert.Contains(c, categories));
        Assert.DoesNotContain("NotSpecified", used);
    }

    private static Release0ApiException Api(ApiErrorKind kind, int? status) =>
        new(kind, "poll batch", HttpMethod.Post, new Uri("https://release0.example/api/v1/chat/batch-message/bj_1"), "poll batch failed: something", status, "CODE", "the platform said no", retryAfter: status == 429 ? TimeSpan.FromSeconds(30) : null);
}
