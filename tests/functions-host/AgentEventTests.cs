namespace Release0.Functions.HostTests;

/// <summary>An agent event on its queue, which did not exist when the host started, runs its conversation.</summary>
[Collection(HostCollection.Name)]
public sealed class AgentEventTests(FunctionsHost host)
{
    [Fact]
    public async Task An_agent_event_writes_its_transcript()
    {
        var eventId = Jobs.NewId("host-event");

        await host.Queue(FunctionsHost.AgentEvents).SendMessageAsync(
            $$"""{"eventId":"{{eventId}}","agentId":"lead-form","initialContext":{"Company":"Acme","Seats":12},"replies":["Ada","ada@example.com"]}""");
        var chat = await Jobs.ResultAsync(host, $"chats/{eventId}.json");

        Assert.Equal(eventId, chat.GetProperty("eventId").GetString());
        Assert.Contains(chat.GetProperty("transcript").EnumerateArray(), line => line.GetProperty("text").GetString() == "ada@example.com");
        Assert.DoesNotContain(host.Log.Entries, e => e.Message.Contains(host.Token, StringComparison.Ordinal));
    }
}
