using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Release0.Core.Jobs;

namespace Release0.Functions.Tests;

/// <summary>The queue port on real storage queues, through the client the app registers.</summary>
public sealed class StorageJobQueueTests
{
    [Fact]
    public void Host_json_declares_base64_messages_as_the_adapter_writes_them()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.FunctionsOutput, "host.json")));

        Assert.Equal("base64", hostJson.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public async Task A_message_goes_out_in_base64_on_a_queue_created_on_first_use_and_reads_back_as_sent()
    {
        using var app = FunctionsApp.Start(FunctionsApp.Settings());
        var queue = app.Services.GetRequiredService<IJobQueue>();
        var name = TestStorage.UniqueName("queue");
        const string Message = """{"jobId":"base64-1","messages":["Grüße, 東京 — ✓"]}""";

        await queue.EnqueueAsync(name, Message, TimeSpan.Zero, CancellationToken.None);

        var raw = new QueueClient(TestStorage.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var onTheWire = Assert.Single((await raw.PeekMessagesAsync(32)).Value).Body.ToString();
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(Message)), onTheWire);
        Assert.Equal(Message, Assert.Single((await TestStorage.HostQueue(name).ReceiveMessagesAsync(32)).Value).MessageText);
    }

    [Fact]
    public async Task A_delay_keeps_the_message_invisible_for_that_long_and_no_delay_makes_it_visible_at_once()
    {
        var receipts = new SendReceipts();
        using var app = FunctionsApp.Start(FunctionsApp.Settings(), null, receipts);
        var queue = app.Services.GetRequiredService<IJobQueue>();
        var name = TestStorage.UniqueName("queue");

        await queue.EnqueueAsync(name, "later", TimeSpan.FromMinutes(3), CancellationToken.None);
        await queue.EnqueueAsync(name, "now", TimeSpan.Zero, CancellationToken.None);

        var later = receipts.All.First();
        Assert.Equal(TimeSpan.FromMinutes(3), later.NextVisible - later.Inserted);
        var client = TestStorage.HostQueue(name);
        Assert.Equal(2, (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal("now", Assert.Single((await client.ReceiveMessagesAsync(32)).Value).MessageText);
    }
}
