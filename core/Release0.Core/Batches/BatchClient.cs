using System.Text.Json;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Json;

namespace Release0.Core.Batches;

/// <summary>
/// The batch-message API: submit a job (never resent once the server may have acted), poll it
/// (safe to repeat, so retried on 5xx, timeouts and dropped connections), and wait for it.
/// </summary>
public sealed class BatchClient
{
    private readonly Release0Connection _connection;

    public BatchClient(Release0Connection connection)
    {
        _connection = connection;
    }

    /// <summary>
    /// Largest request body sent. The documentation states no limit; the sandbox (like any default
    /// ASP.NET Core host) refuses bodies over 30,000,000 bytes by dropping the connection, which
    /// reads as a network failure, so larger requests are refused here, before anything is sent.
    /// </summary>
    public const int MaxRequestBytes = 30_000_000;

    /// <summary>Validates locally, then submits; returns the job id to poll.</summary>
    public async Task<BatchSubmission> SubmitAsync(BatchRequest request, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var body = JsonSerializer.SerializeToUtf8Bytes(BatchRequestBody.From(request), CoreJsonContext.Default.BatchRequestBody);
        if (body.Length > MaxRequestBytes)
        {
            throw new Release0ConfigurationException(nameof(request.Messages), $"The batch request is {Megabytes(body.Length)} ({body.Length:N0} bytes) with {request.Messages.Count:N0} messages; the most one request may carry is {Megabytes(MaxRequestBytes)} ({MaxRequestBytes:N0} bytes). Nothing was sent; split the messages over several jobs (release0 batch submit --batch-size N).");
        }

        var apiRequest = new ApiRequest("submit batch", ApiSurface.Batch, HttpMethod.Post, "api/v1/chat/batch-message", body, safeToRepeat: false);
        var raw = await _connection.Transport.SendJsonAsync(apiRequest, cancellationToken).ConfigureAwait(false);
        var id = raw.Str("batchJobId") ?? raw.Prop("data").Str("batchJobId");
        if (string.IsNullOrEmpty(id))
        {
            throw _connection.Transport.Error(apiRequest, _connection.Transport.BuildUri(apiRequest), ApiErrorKind.InvalidResponse, $"the response carries no batchJobId: {ApiErrorParser.OneLine(raw.GetRawText())}", null);
        }

        if (ServerId.Refusal("batchJobId", id, "the job may exist on the platform, but it cannot be polled from here") is { } malformed)
        {
            throw _connection.Transport.Error(apiRequest, _connection.Transport.BuildUri(apiRequest), ApiErrorKind.InvalidResponse, malformed, null);
        }

        return new BatchSubmission(id!, raw);
    }

    private static string Megabytes(long bytes) => $"{bytes / 1_000_000.0:0.#} MB";

    /// <summary>Polls once and classifies the answer.</summary>
    public async Task<BatchStatus> GetAsync(string batchJobId, string userProfileId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(batchJobId))
        {
            throw new Release0ConfigurationException(nameof(batchJobId), "The batch job id must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(userProfileId))
        {
            throw new Release0ConfigurationException(nameof(userProfileId), "Polling a batch job needs the user profile id it was submitted with.");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new BatchPollBody { UserProfileId = userProfileId }, CoreJsonContext.Default.BatchPollBody);
        var request = new ApiRequest("poll batch", ApiSurface.Batch, HttpMethod.Post, $"api/v1/chat/batch-message/{PathSegment.Escape(batchJobId, nameof(batchJobId))}", body, safeToRepeat: true);
        var raw = await _connection.Transport.SendJsonAsync(request, cancellationToken).ConfigureAwait(false);
        var status = BatchStatusClassifier.Classify(batchJobId, raw);
        if (status is { State: BatchState.Unknown, StatusText: { } word })
        {
            // Waiting on a status no rule knows would only end at the deadline; the user can read the answer now.
            throw _connection.Transport.Error(request, _connection.Transport.BuildUri(request), ApiErrorKind.InvalidResponse, $"the job's status '{ApiErrorParser.OneLine(word)}' is not one this client knows (known: completed, running, failed and their synonyms); the answer was: {ApiErrorParser.OneLine(raw.GetRawText())}", null, details: raw);
        }

        return status;
    }

    /// <summary>Polls until the job completes, fails or <see cref="BatchWaitOptions.Timeout"/> passes.</summary>
    public Task<BatchWaitResult> WaitAsync(string batchJobId, string userProfileId, BatchWaitOptions? options = null, Action<BatchWaitProgress>? onProgress = null, CancellationToken cancellationToken = default) =>
        BatchPoller.WaitAsync(batchJobId, ct => GetAsync(batchJobId, userProfileId, ct), options ?? new BatchWaitOptions(), _connection.Transport.Time, onProgress, null, cancellationToken, wait => _connection.Transport.NotifyWaiting(wait.Kind, wait.Operation, wait.Reason, wait.Delay));
}
