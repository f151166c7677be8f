namespace Release0.Core.Messages;

/// <summary>How a streamed reply is read.</summary>
public sealed class AgentStreamOptions
{
    /// <summary>Keep the whole text for <see cref="AgentReply.Response"/>. Off keeps memory flat for very long replies.</summary>
    public bool KeepText { get; set; } = true;

    /// <summary>Longest silence between two events (keep-alives count) before the stream is given up.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        if (IdleTimeout <= TimeSpan.Zero)
        {
            throw new Connection.Release0ConfigurationException(nameof(IdleTimeout), $"IdleTimeout must be greater than zero (was {IdleTimeout}).");
        }
    }
}
