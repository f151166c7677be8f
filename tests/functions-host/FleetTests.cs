using System.Text.Json;
using Xunit.Abstractions;

namespace Release0.Functions.HostTests;

/// <summary>
/// The fleet in miniature: the suite's host and two more instances of the same app on one storage account,
/// 300 batch requests, one platform limit of 20 calls a second that refuses the rest with 429. Throttling is
/// not failure, and the instances pace themselves to the limit instead of hammering it.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class FleetTests(FunctionsHost host, ITestOutputHelper output)
{
    private const int Requests = 300;
    private const double CallsPerSecond = 20;
    private static readonly TimeSpan FleetLimit = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Three_hosts_behind_one_limit_complete_every_request_once_and_poison_none()
    {
        var prefix = Jobs.NewId("fleet");
        var poisonBefore = await PoisonCountAsync();
        var platform = await host.LimitPlatformAsync(CallsPerSecond);
        try
        {
            // One after the other: two hosts starting at once on a small machine can take longer than one's startup limit.
            var others = new List<HostProcess>();
            try
            {
                others.Add(await HostProcess.StartAsync(host.Settings));
                others.Add(await HostProcess.StartAsync(host.Settings));
                var requests = host.Queue(FunctionsHost.BatchRequests);
                await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
                    await requests.SendMessageAsync(Jobs.Request($"{prefix}-{i:000}", "batch-polls-1")));

                var written = await Eventually.ValueAsync(
                    $"all {Requests} results written",
                    async () => await host.ResultBlobsAsync($"batches/{prefix}-") is { Count: Requests } names ? names : null,
                    FleetLimit,
                    host.Tail);

                foreach (var name in written)
                {
                    var result = JsonDocument.Parse((await host.ReadResultAsync(name))!).RootElement;
                    Assert.Equal("completed", result.GetProperty("outcome").GetString());
                }
            }
            finally
            {
                foreach (var other in others)
                {
                    other.Dispose();
                }
            }

            var limit = platform.RateLimit!;
            var calls = limit.Admitted + limit.Refused;
            var refused = (double)limit.Refused / calls;
            output.WriteLine($"{Requests} requests, 3 hosts, {CallsPerSecond} calls/s: {limit.Admitted} calls let through, {limit.Refused} refused ({refused:P1})");

            Assert.Equal(Requests, platform.BatchSubmissions);
            Assert.Equal(poisonBefore, await PoisonCountAsync());
            Assert.True(refused <= 0.10, $"{refused:P1} of {calls} calls were refused (at most 10 % expected)");
        }
        finally
        {
            await host.UnlimitPlatformAsync();
        }
    }

    /// <summary>Messages in both poison queues (a queue the host never needed does not exist yet).</summary>
    private async Task<int> PoisonCountAsync()
    {
        var count = 0;
        foreach (var queue in new[] { FunctionsHost.BatchRequests, FunctionsHost.BatchPolls })
        {
            var poison = host.Queue($"{queue}-poison");
            count += await poison.ExistsAsync() is { Value: true } ? (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
        }

        return count;
    }
}
