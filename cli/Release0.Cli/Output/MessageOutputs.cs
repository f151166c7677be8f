using Release0.Core.Messages;

namespace Release0.Cli.Output;

/// <summary>What <c>ask --json</c> prints.</summary>
internal sealed record AgentReplyOutput(string? Response, string? ConversationId, string? Model, long? Tokens, bool Complete, long Length)
{
    public static AgentReplyOutput From(AgentReply reply) => new(reply.Response, reply.ConversationId, reply.Model, reply.Tokens, reply.IsComplete, reply.Length);
}
