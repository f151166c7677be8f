using Release0.Core.Chats.Actions;
using Release0.Core.Chats.Inputs;
using Release0.Core.Http;
using Release0.Core.Timing;

namespace Release0.Core.Chats;

/// <summary>Supplies the reply to a pending input; null when there is nothing left to say.</summary>
public delegate ValueTask<ChatReply?> AnswerSource(ChatInput input, CancellationToken cancellationToken);

/// <summary>
/// Drives a session to its end: answers each input from an <see cref="AnswerSource"/>, waits out
/// <c>wait</c> actions, and answers other actions that expect a reply with an empty continue
/// (a headless client cannot run browser scripts, and an unanswered action would leave the session stuck).
/// </summary>
public sealed class ConversationRunner
{
    /// <summary>Guards against a flow that loops forever without asking anything.</summary>
    public const int MaxTurns = 500;

    /// <summary>Longest pause a <c>wait</c> action gets; an agent asking for more is clamped to this, with a warning.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    private readonly ChatClient _client;
    private readonly IRelease0Log _log;

    public ConversationRunner(ChatClient client, IRelease0Log? log = null)
    {
        _client = client;
        _log = log ?? NullRelease0Log.Instance;
    }

    /// <summary>
    /// Runs until the conversation ends or the answers run out; check <see cref="ChatSession.IsCompleted"/>.
    /// <paramref name="onTurn"/> sees each new turn as it arrives.
    /// </summary>
    public async Task<ChatSession> RunAsync(ChatSession session, AnswerSource answers, Action<ChatReply?, ChatTurn>? onTurn = null, CancellationToken cancellationToken = default)
    {
        for (var turns = 0; !session.IsCompleted; turns++)
        {
            if (turns >= MaxTurns)
            {
                throw new ConversationLimitException(session.SessionId, $"Session {session.SessionId} did not end within {MaxTurns} turns without asking for input; stopped to avoid an endless loop.");
            }

            ChatReply? reply = null;
            if (session.PendingInput is { } input)
            {
                reply = await answers(input, cancellationToken).ConfigureAwait(false);
                if (reply is null)
                {
                    return session;
                }
            }
            else
            {
                await AnswerActionsAsync(session.SessionId, session.PendingActions, cancellationToken).ConfigureAwait(false);
            }

            var turn = await _client.ContinueAsync(session, reply, cancellationToken).ConfigureAwait(false);
            onTurn?.Invoke(reply, turn);
        }

        return session;
    }

    /// <summary>The pause to take for a wait action, or null to skip one that makes no sense; both out-of-range cases are warned about.</summary>
    private TimeSpan? WaitLength(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0)
        {
            _log.Write(Release0LogLevel.Warning, $"The agent asked the client to wait {seconds}s, which is not a length of time; continuing without waiting.");
            return null;
        }

        if (seconds > MaxWait.TotalSeconds)
        {
            _log.Write(Release0LogLevel.Warning, $"The agent asked the client to wait {seconds:0.###}s; waiting the most this client allows, {MaxWait.TotalMinutes:0} minutes.");
            return MaxWait;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private async Task AnswerActionsAsync(string sessionId, IReadOnlyList<ClientSideAction> actions, CancellationToken cancellationToken)
    {
        foreach (var action in actions)
        {
            if (action is WaitAction wait)
            {
                if (WaitLength(wait.SecondsToWaitFor) is { } delay)
                {
                    _client.NotifyWaiting(Release0WaitKind.AgentWait, $"chat {sessionId}", "the agent asked the client to wait", delay);
                    await TimeProviderDelay.Delay(_client.Time, delay, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                _log.Write(Release0LogLevel.Warning, $"The agent asked the client to run '{action.Type}', which needs a browser; continuing without a result.");
            }
        }
    }
}
