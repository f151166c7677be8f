using Release0.Core.Batches;
using Release0.Core.Connection;

namespace Release0.Core.Tests;

public sealed class BatchScheduleTests
{
    [Fact]
    public void Intervals_grow_geometrically_within_the_jitter_and_stop_at_the_cap()
    {
        var options = new BatchWaitOptions();
        var schedule = new BatchPollSchedule(options, new Random(7));

        var delays = Enumerable.Range(1, 60).Select(schedule.DelayBefore).Select(d => d.TotalSeconds).ToList();

        for (var poll = 1; poll <= 60; poll++)
        {
            var expected = Math.Min(2 * Math.Pow(1.15, poll - 1), 90);
            Assert.InRange(delays[poll - 1], expected * 0.9, expected * 1.1);
        }

        Assert.InRange(delays[^1], 81, 99);
    }

    [Fact]
    public void Without_jitter_the_schedule_is_exact()
    {
        var schedule = new BatchPollSchedule(new BatchWaitOptions { Jitter = 0, InitialInterval = TimeSpan.FromSeconds(1), BackoffFactor = 2, MaxInterval = TimeSpan.FromSeconds(5) });

        Assert.Equal([1d, 2, 4, 5, 5], Enumerable.Range(1, 5).Select(p => schedule.DelayBefore(p).TotalSeconds));
    }

    [Theory]
    [InlineData("Timeout")]
    [InlineData("InitialInterval")]
    [InlineData("BackoffFactor")]
    [InlineData("Jitter")]
    public void Bad_wait_options_are_named(string setting)
    {
        var options = new BatchWaitOptions();
        switch (setting)
        {
            case "Timeout": options.Timeout = TimeSpan.Zero; break;
            case "InitialInterval": options.MaxInterval = TimeSpan.FromMilliseconds(1); break;
            case "BackoffFactor": options.BackoffFactor = 0.5; break;
            case "Jitter": options.Jitter = 0.9; break;
        }

        Assert.Equal(setting, Assert.Throws<Release0ConfigurationException>(options.Validate).Setting);
    }
}
