namespace Release0.Core.Batches;

/// <summary>A poll history store could not be read or written, or holds something else; the message is one line naming it.</summary>
public sealed class PollHistoryStoreException : Exception
{
    public PollHistoryStoreException(string message)
        : base(message)
    {
    }
}
