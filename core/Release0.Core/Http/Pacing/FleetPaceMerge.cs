namespace Release0.Core.Http.Pacing;

/// <summary>
/// How one instance's pace and the fleet's stored one become the next stored one: the fleet paces as one
/// AIMD sender whose rate is shared out among its N active instances. The first cut after a refusal wins
/// (other instances' refusals before they have seen it are the same overload); without one, the rate grows
/// by 10 % a second of the fleet's time, while instances have successes and callers the pace holds back, however
/// many instances propose it. The platform's pause is the latest anyone was given.
/// </summary>
internal static class FleetPaceMerge
{
    /// <summary>An instance not seen for this long no longer takes a share.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromSeconds(10);

    /// <summary>An instance says it is still there this often, even when nothing else changed.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(4);

    private const double GrowthPerSecond = 0.1;

    /// <param name="lastSync">When this instance last took on the fleet's pace: a cut after it is its own news.</param>
    /// <param name="succeeded">Whether this instance had successful answers since <paramref name="lastSync"/>, and callers waiting for the pace (growth needs demand).</param>
    public static FleetPaceDocument Merge(FleetPaceDocument? stored, LearnedPace local, string self, DateTimeOffset now, DateTimeOffset lastSync, bool succeeded)
    {
        var merged = new FleetPaceDocument { Rate = stored?.Rate, ChangedAt = stored?.ChangedAt, CutAt = stored?.CutAt };
        foreach (var instance in stored?.Instances ?? [])
        {
            if (instance.Value > now - ActiveWindow)
            {
                merged.Instances[instance.Key] = instance.Value;
            }
        }

        merged.Instances[self] = now;
        if (stored?.CutAt > lastSync)
        {
            // Another instance cut since this one last looked: this one's refusals meanwhile were the same overload.
        }
        else if (local.LastDecrease > lastSync && local.Rate is { } cut)
        {
            // This instance's cut share stands for every instance's it was a share of (they send alike).
            merged.Rate = cut * local.Instances;
            merged.CutAt = merged.ChangedAt = now;
        }
        else if (merged.Rate is { } rate && succeeded && merged.ChangedAt is { } changed && now > changed)
        {
            merged.Rate = rate * (1 + (GrowthPerSecond * Math.Min((now - changed).TotalSeconds, 1)));
            merged.ChangedAt = now;
        }

        var paused = stored?.PausedUntil is { } until && until > local.PausedUntil ? until : local.PausedUntil;
        merged.PausedUntil = paused > now ? paused : null;
        return merged;
    }

    /// <summary>True when <paramref name="merged"/> tells the fleet something <paramref name="stored"/> does not, or this instance's heartbeat is due.</summary>
    public static bool NeedsWrite(FleetPaceDocument? stored, FleetPaceDocument merged, string self, DateTimeOffset now) =>
        stored is null
        || !stored.Instances.TryGetValue(self, out var seen) || seen <= now - Heartbeat
        || merged.Rate != stored.Rate
        || merged.PausedUntil > (stored.PausedUntil ?? DateTimeOffset.MinValue);
}
