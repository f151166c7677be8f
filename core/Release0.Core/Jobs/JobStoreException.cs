namespace Release0.Core.Jobs;

/// <summary>
/// The result store could not be read or written. Not a work failure: nothing is submitted after
/// one, and retrying the message is safe because claims keep a redelivery from sending the job again.
/// </summary>
public sealed class JobStoreException : Exception
{
    public JobStoreException(string path, string action, Exception inner)
        : base($"cannot {action} {path} in the result store: {inner.Message}", inner)
    {
        Path = path;
    }

    /// <summary>The document's path in the store.</summary>
    public string Path { get; }
}
