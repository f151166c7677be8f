namespace Release0.Core.Jobs;

/// <summary>
/// Wraps whatever a store throws (an IOException, a storage service error) in
/// <see cref="JobStoreException"/> naming the path, so callers can tell a broken store from a failed job.
/// </summary>
internal sealed class CheckedResultStore : IResultStore
{
    private readonly IResultStore _inner;

    public CheckedResultStore(IResultStore inner)
    {
        _inner = inner;
    }

    public async Task<bool> TryCreateAsync(string path, string content, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.TryCreateAsync(path, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            throw new JobStoreException(path, "write", ex);
        }
    }

    public async Task ReplaceAsync(string path, string content, CancellationToken cancellationToken)
    {
        try
        {
            await _inner.ReplaceAsync(path, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            throw new JobStoreException(path, "write", ex);
        }
    }

    public async Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await _inner.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex, cancellationToken))
        {
            throw new JobStoreException(path, "read", ex);
        }
    }

    private static bool IsStoreFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is not JobStoreException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
