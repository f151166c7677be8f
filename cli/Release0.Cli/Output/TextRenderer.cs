using Release0.Core.Chats;

namespace Release0.Cli.Output;

/// <summary>The readable (non-JSON) form of turns and transcripts.</summary>
internal static class TextRenderer
{
    /// <summary>A turn for <c>chat start</c>/<c>send</c>: bubbles, actions, and what the agent waits for.</summary>
    public static void WriteTurn(TextWriter output, ChatTurn turn)
    {
        WriteAgentLines(output, turn);
        foreach (var action in turn.ClientSideActions)
        {
            output.WriteLine($"[action] {action.Summary}{(action.ExpectsDedicatedReply ? " (expects a reply)" : string.Empty)}");
        }

        if (turn.Input is { } input)
        {
            output.WriteLine($"[waiting for {input.Type}] {input.Prompt}");
        }
        else if (!turn.IsWaitingForReply)
        {
            output.WriteLine("[conversation ended]");
        }
    }

    /// <summary>One exchange of a running conversation: the user's reply, then the agent's bubbles.</summary>
    public static void WriteExchange(TextWriter output, ChatReply? reply, ChatTurn turn)
    {
        if (reply is not null)
        {
            WriteEntry(output, "you", turn.LastMessageNewFormat ?? reply.ToString());
        }

        WriteAgentLines(output, turn);
    }

    public static void WriteAgentLines(TextWriter output, ChatTurn turn)
    {
        foreach (var message in turn.Messages)
        {
            WriteEntry(output, "agent", message.Text);
        }
    }

    /// <summary>Continuation lines of a multi-line text are indented under the speaker.</summary>
    private static void WriteEntry(TextWriter output, string speaker, string text)
    {
        var prefix = speaker + ": ";
        var lines = text.Split('\n');
        output.WriteLine(prefix + lines[0]);
        foreach (var line in lines.Skip(1))
        {
            output.WriteLine(line.Length == 0 ? string.Empty : new string(' ', prefix.Length) + line);
        }
    }
}
