namespace Release0.Functions.HostTests;

/// <summary>
/// Waits for a condition the host brings about, checking it again and again up to a bounded overall
/// time; the bound only turns a hang into a failure naming what never happened, it is never asserted on.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static async Task<T> ValueAsync<T>(string what, Func<Task<T?>> probe, TimeSpan within, Func<string>? context = null)
        where T : class
    {
        var until = DateTimeOffset.UtcNow + within;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"{what} did not happen within {within.TotalSeconds:0} s.{(context is null ? "" : "\n" + context())}");
            }

            await Task.Delay(Interval);
        }
    }

    public static Task TrueAsync(string what, Func<Task<bool>> probe, TimeSpan within, Func<string>? context = null) =>
        ValueAsync(what, async () => await probe() ? "done" : null, within, context);

    public static Task TrueAsync(string what, Func<bool> probe, TimeSpan within, Func<string>? context = null) =>
        TrueAsync(what, () => Task.FromResult(probe()), within, context);
}
