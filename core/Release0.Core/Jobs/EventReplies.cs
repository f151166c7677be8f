using Release0.Core.Chats;
using Release0.Core.Chats.Inputs;

namespace Release0.Core.Jobs;

/// <summary>
/// The replies an agent event sends, in order. A reply is spent once the turn that answers it arrives;
/// until then it is offered again, so a continue the platform refused for its rate limit (answered, so
/// nothing was acted on) sends the same reply after the wait, and no reply is skipped or sent twice.
/// </summary>
internal sealed class EventReplies
{
    private readonly Queue<string> _left;
    private string? _offered;

    public EventReplies(IEnumerable<string> replies)
    {
        _left = new Queue<string>(replies);
    }

    /// <summary>The conversation runner's answer source: the unspent reply, else the next; null when none is left.</summary>
    public ValueTask<ChatReply?> NextAsync(ChatInput input, CancellationToken cancellationToken)
    {
        if (_offered is null && _left.Count > 0)
        {
            _offered = _left.Dequeue();
        }

        return new ValueTask<ChatReply?>(_offered is null ? null : ChatReply.FromText(_offered));
    }

    /// <summary>The conversation runner's turn callback: the reply it answered is spent.</summary>
    public void Answered(ChatReply? reply, ChatTurn turn) => _offered = null;
}
