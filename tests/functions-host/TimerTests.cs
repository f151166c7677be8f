using System.Globalization;
using System.Text.Json;

namespace Release0.Functions.HostTests;

/// <summary>The timer trigger on the schedule the app was given (every 2 s here), over definitions in blob storage.</summary>
[Collection(HostCollection.Name)]
public sealed class TimerTests(FunctionsHost host)
{
    [Fact]
    public async Task The_timer_fires_on_its_schedule_and_enqueues_each_definition_once_per_slot()
    {
        // The host reads the schedule from the app setting (%RELEASE0_SCHEDULE%) and says when it will fire: every 2 s.
        var schedule = Assert.Single(host.Log.Entries, e => e.Message.StartsWith("The next 5 occurrences of the 'ScheduledJobs' schedule", StringComparison.Ordinal));
        var next = schedule.Message.Split('\n').Skip(1)
            .Select(line => DateTime.ParseExact(line, "MM/dd/yyyy HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(5, next.Count);
        Assert.All(next.Zip(next.Skip(1), (a, b) => b - a), gap => Assert.Equal(TimeSpan.FromSeconds(2), gap));
        var ids = new[] { Jobs.NewId("host-nightly"), Jobs.NewId("host-hourly") };
        var submitted = host.Sandbox.BatchSubmissions;
        foreach (var id in ids)
        {
            await host.Definitions.UploadBlobAsync($"{id}.json", BinaryData.FromString(
                $$$"""{"id":"{{{id}}}","everyMinutes":60,"request":{"agentId":"batch-echo","projectEnvId":"p","userProfileId":"u","messages":["Summarise"]}}"""));
        }

        try
        {
            var mark = host.Log.Mark();
            var slots = new List<JsonElement>();
            foreach (var id in ids)
            {
                var marker = await Eventually.ValueAsync($"the timer enqueuing {id}", async () => (await host.ResultBlobsAsync($"schedules/{id}/")).FirstOrDefault(), Jobs.Limit, host.Tail);
                slots.Add(JsonDocument.Parse((await host.Results.GetBlobClient(marker).DownloadContentAsync()).Value.Content.ToString()).RootElement.Clone());
            }

            // Two more runs of the timer after both were enqueued: each found its slot taken.
            var runs = Jobs.Invocations(host, mark, "ScheduledJobs", "Succeeded").Count();
            await Eventually.TrueAsync(
                "two more runs of the timer",
                () => Jobs.Invocations(host, mark, "ScheduledJobs", "Succeeded").Count() >= runs + 2,
                Jobs.Limit,
                host.Tail);
            foreach (var slot in slots)
            {
                var jobId = slot.GetProperty("jobId").GetString()!;
                Assert.Equal($"{slot.GetProperty("definitionId").GetString()}-{slot.GetProperty("slot").GetString()}", jobId);
                Assert.Equal("completed", (await Jobs.ResultAsync(host, $"batches/{jobId}.json")).GetProperty("outcome").GetString());
            }

            // One job per definition and slot (an hourly slot: one each, unless the hour turned during the test).
            var markers = new List<string>();
            foreach (var id in ids)
            {
                markers.AddRange(await host.ResultBlobsAsync($"schedules/{id}/"));
            }

            Assert.Equal(submitted + markers.Count, host.Sandbox.BatchSubmissions);
        }
        finally
        {
            foreach (var id in ids)
            {
                await host.Definitions.DeleteBlobIfExistsAsync($"{id}.json");
            }
        }
    }
}
