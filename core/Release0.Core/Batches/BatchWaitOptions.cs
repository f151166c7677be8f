using Release0.Core.Connection;

namespace Release0.Core.Batches;

/// <summary>How long and how often to poll a batch job; see <see cref="BatchPollSchedule"/> for why these defaults.</summary>
public sealed class BatchWaitOptions
{
    /// <summary>Give up after this long, returning a timed-out outcome with the last response.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(2);

    public double BackoffFactor { get; set; } = 1.15;

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Fraction (0..0.5) by which each interval is randomly lengthened or shortened.</summary>
    public double Jitter { get; set; } = 0.1;

    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            throw new Release0ConfigurationException(nameof(Timeout), $"The wait timeout must be greater than zero (was {Timeout}).");
        }

        if (InitialInterval <= TimeSpan.Zero || MaxInterval < InitialInterval)
        {
            throw new Release0ConfigurationException(nameof(InitialInterval), $"Poll intervals need 0 < InitialInterval <= MaxInterval (were {InitialInterval} and {MaxInterval}).");
        }

        if (BackoffFactor is < 1 or > 10)
        {
            throw new Release0ConfigurationException(nameof(BackoffFactor), $"BackoffFactor must be between 1 and 10 (was {BackoffFactor}).");
        }

        if (Jitter is < 0 or > 0.5)
        {
            throw new Release0ConfigurationException(nameof(Jitter), $"Jitter must be between 0 and 0.5 (was {Jitter}).");
        }
    }
}
