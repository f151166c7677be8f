namespace Release0.Core.Timing;

/// <summary>A delay on the given clock, so waits can run on a simulated clock in benchmarks and tests.</summary>
internal static class TimeProviderDelay
{
    public static Task Delay(TimeProvider time, TimeSpan delay, CancellationToken cancellationToken) =>
#if NET8_0_OR_GREATER
        Task.Delay(delay, time, cancellationToken);
#else
        time.Delay(delay, cancellationToken);
#endif
}
