using System.Text.Json;
using Release0.Core.Jobs.Results;

namespace Release0.Core.Jobs;

/// <summary>
/// Create-once claims: before a job or event sends anything to the platform, its delivery writes
/// <c>claims/{kind}/{id}/{attempt}.json</c>; only the writer may send. A claim is released (a second
/// create-once document beside it) only when the platform certainly did not act, which lets the next
/// delivery claim the next attempt. A create-once document per step, rather than a conditional update
/// of one, fits both a folder (an atomic move that fails on an existing file) and blob storage
/// (<c>If-None-Match: *</c>) without needing ETags in the store port.
/// </summary>
internal sealed class JobClaims
{
    /// <summary>Each attempt is one host retry after a release; hosts give up long before this.</summary>
    private const int MaxAttempts = 100;

    private readonly IResultStore _store;
    private readonly TimeProvider _time;
    private readonly string? _runId;

    public JobClaims(IResultStore store, TimeProvider time, string? runId)
    {
        _store = store;
        _time = time;
        _runId = runId;
    }

    /// <summary>
    /// Claims the next free attempt, or returns the live claim someone else holds. With
    /// <paramref name="releasedAttempt"/> (an attempt a throttled delivery handed back) the search starts after
    /// it once its release is found: an attempt is only ever claimed when every earlier one was released, so a
    /// released attempt vouches for all before it, and a job throttled k times costs two operations per claim
    /// instead of three per earlier attempt.
    /// </summary>
    public async Task<JobClaim> ClaimAsync(string kind, string id, CancellationToken cancellationToken, int releasedAttempt = 0)
    {
        var from = 1;
        if (releasedAttempt is > 0 and < MaxAttempts
            && await _store.ReadAsync(ResultPaths.ClaimRelease(kind, id, releasedAttempt), cancellationToken).ConfigureAwait(false) is not null)
        {
            from = releasedAttempt + 1;
        }

        ClaimRecord? held = null;
        for (var attempt = from; attempt <= MaxAttempts; attempt++)
        {
            var record = new ClaimRecord { Kind = kind, Id = id, Attempt = attempt, ClaimedAt = _time.GetUtcNow(), RunId = _runId };
            var path = ResultPaths.Claim(kind, id, attempt);
            if (await _store.TryCreateAsync(path, JsonSerializer.Serialize(record, JobsJsonContext.Default.ClaimRecord), cancellationToken).ConfigureAwait(false))
            {
                return new JobClaim(record, owned: true);
            }

            var text = await _store.ReadAsync(path, cancellationToken).ConfigureAwait(false)
                ?? throw new JobStoreException(path, "read", new InvalidOperationException("the claim exists but cannot be found"));
            held = JsonSerializer.Deserialize(text, JobsJsonContext.Default.ClaimRecord)!;
            if (await _store.ReadAsync(ResultPaths.ClaimRelease(kind, id, attempt), cancellationToken).ConfigureAwait(false) is null)
            {
                break;
            }
        }

        return new JobClaim(held!, owned: false);
    }

    /// <summary>The latest claim on the job, and whether it was released; null when it was never claimed.</summary>
    public async Task<(ClaimRecord Claim, bool Released)?> LatestAsync(string kind, string id, CancellationToken cancellationToken)
    {
        (ClaimRecord, bool)? latest = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await _store.ReadAsync(ResultPaths.Claim(kind, id, attempt), cancellationToken).ConfigureAwait(false) is not { } text)
            {
                break;
            }

            var released = await _store.ReadAsync(ResultPaths.ClaimRelease(kind, id, attempt), cancellationToken).ConfigureAwait(false) is not null;
            latest = (JsonSerializer.Deserialize(text, JobsJsonContext.Default.ClaimRecord)!, released);
        }

        return latest;
    }

    /// <summary>Hands the job back: the platform did not act, so the next delivery may send it again.</summary>
    public Task ReleaseAsync(JobClaim claim, string reason, CancellationToken cancellationToken)
    {
        var release = new ClaimRelease { Attempt = claim.Record.Attempt, ReleasedAt = _time.GetUtcNow(), Reason = reason };
        var path = ResultPaths.ClaimRelease(claim.Record.Kind, claim.Record.Id, claim.Record.Attempt);
        return _store.TryCreateAsync(path, JsonSerializer.Serialize(release, JobsJsonContext.Default.ClaimRelease), cancellationToken);
    }
}

/// <summary>A claim, and whether this delivery wrote it.</summary>
internal sealed class JobClaim
{
    public JobClaim(ClaimRecord record, bool owned)
    {
        Record = record;
        Owned = owned;
    }

    public ClaimRecord Record { get; }

    public bool Owned { get; }
}
