namespace Release0.Core.Jobs;

/// <summary>
/// A document store with create-once writes: a second write of the same path is a no-op, so a
/// redelivered message never duplicates or overwrites a result (the one overwrite is
/// <see cref="ReplaceAsync"/>). The write must be atomic: of two concurrent writes of one path
/// exactly one returns true, which is what makes a claim exclusive.
/// A store that cannot be reached throws (whatever it throws: the workflow names the path).
/// </summary>
public interface IResultStore
{
    /// <summary>Writes the document unless one exists; true when this call created it.</summary>
    Task<bool> TryCreateAsync(string path, string content, CancellationToken cancellationToken);

    /// <summary>
    /// Overwrites a document that exists. The workflow does this only to a result whose outcome is
    /// unknown, after a resend it claimed, keeping the old outcome in the new document's history.
    /// </summary>
    Task ReplaceAsync(string path, string content, CancellationToken cancellationToken);

    /// <summary>The document, or null when there is none.</summary>
    Task<string?> ReadAsync(string path, CancellationToken cancellationToken);
}
