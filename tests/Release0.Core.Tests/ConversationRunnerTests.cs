using Release0.Core.Chats;
using Release0.Core.Http;

namespace Release0.Core.Tests;

/// <summary>Driving a session to its end when the agent asks for odd things.</summary>
public sealed class ConversationRunnerTests
{
    [Fact]
    public async Task Wait_actions_out_of_range_are_skipped_or_clamped_with_a_warning()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("odd-waits");

        var run = new ConversationRunner(chats, sandbox.Log).RunAsync(session, (_, _) => new ValueTask<ChatReply?>((ChatReply?)null));

        // The 158-year pause is cut to the most the runner allows, and no further.
        await clock.WhenWaitingAsync(ConversationRunner.MaxWait);
        clock.Advance(ConversationRunner.MaxWait - TimeSpan.FromSeconds(1));
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await run;

        Assert.True(session.IsCompleted);
        Assert.Equal("Done waiting.", session.Transcript.Last().Text);
        Assert.Contains(sandbox.Log.Lines, l => l == "Warning: The agent asked the client to wait -5s, which is not a length of time; continuing without waiting.");
        Assert.Contains(sandbox.Log.Lines, l => l == "Warning: The agent asked the client to wait 5000000000s; waiting the most this client allows, 10 minutes.");
        var wait = Assert.Single(sandbox.Waits.All);
        Assert.Equal(Release0WaitKind.AgentWait, wait.Kind);
        Assert.Equal($"chat {session.SessionId}: the agent asked the client to wait; waiting 600s", wait.ToString());
    }

    [Fact]
    public async Task A_flow_that_never_ends_stops_at_the_turn_guard_with_one_clear_error()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("endless");

        var error = await Assert.ThrowsAsync<ConversationLimitException>(() => new ConversationRunner(chats).RunAsync(session, (_, _) => new ValueTask<ChatReply?>((ChatReply?)null)));

        Assert.Equal(session.SessionId, error.SessionId);
        Assert.Equal($"Session {session.SessionId} did not end within 500 turns without asking for input; stopped to avoid an endless loop.", error.Message);
        Assert.Equal(1 + ConversationRunner.MaxTurns, sandbox.Server.Requests.All.Count);
    }
}
