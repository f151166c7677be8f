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

    /// <summary>
    /// How long earlier jobs of the same agent took (see <see cref="PollHistory.DurationsOf"/>), measured
    /// from submission; with enough of them polls follow a <see cref="LearnedPollSchedule"/>.
    /// </summary>
    public IReadOnlyList<TimeSpan>? History { get; set; }

    /// <summary>
    /// Polls placed where a learned schedule expects the job to end (1..64): more polls notice the end
    /// sooner and cost more.
    /// </summary>
    public int LearnedPolls { get; set; } = 16;

    /// <summary>Told how long a completed job took (the middle of its last poll interval), to record in the history.</summary>
    public Action<TimeSpan>? OnCompleted { get; set; }

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

        if (LearnedPolls is < 1 or > 64)
        {
            throw new Release0ConfigurationException(nameof(LearnedPolls), $"LearnedPolls must be between 1 and 64 (was {LearnedPolls}).");
        }

        if (Jitter is < 0 or > 0.5)
        {
            throw new Release0ConfigurationException(nameof(Jitter), $"Jitter must be between 0 and 0.5 (was {Jitter}).");
        }
    }
}
