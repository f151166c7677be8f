using Release0.Core.Connection;
using Release0.Core.Http;

namespace Release0.Core.Batches;

/// <summary>
/// Submits many batch jobs with bounded concurrency. One failed submission does not stop the
/// others; every request gets an outcome, in input order. Each request is sent at most once.
/// </summary>
public sealed class BulkBatchSubmitter
{
    private readonly BatchClient _client;

    public BulkBatchSubmitter(BatchClient client)
    {
        _client = client;
    }

    /// <param name="maxConcurrency">Submissions in flight at once (1..256).</param>
    /// <param name="onEach">Called as each outcome is known (from any thread; keep it thread-safe).</param>
    public async Task<IReadOnlyList<BatchSubmitOutcome>> SubmitAllAsync(IEnumerable<BatchRequest> requests, int maxConcurrency = 16, Action<BatchSubmitOutcome>? onEach = null, CancellationToken cancellationToken = default)
    {
        if (maxConcurrency is < 1 or > 256)
        {
            throw new Release0ConfigurationException(nameof(maxConcurrency), $"maxConcurrency must be between 1 and 256 (was {maxConcurrency}).");
        }

        using var gate = new SemaphoreSlim(maxConcurrency);
        var tasks = requests.Select(async (request, index) =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                BatchSubmitOutcome outcome;
                try
                {
                    outcome = new BatchSubmitOutcome(index, request, await _client.SubmitAsync(request, cancellationToken).ConfigureAwait(false), null);
                }
                catch (Exception ex) when (ex is Release0ApiException or Release0ConfigurationException)
                {
                    outcome = new BatchSubmitOutcome(index, request, null, ex);
                }

                onEach?.Invoke(outcome);
                return outcome;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
