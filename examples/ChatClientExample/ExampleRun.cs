using Microsoft.Extensions.AI;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Extensions.AI;

namespace ChatClientExample;

/// <summary>
/// Talks to Release0 agents through nothing but <see cref="IChatClient"/>: a slug agent answered
/// whole and then streamed in the same conversation, and a chat-session form filled in turn by turn.
/// </summary>
public static class ExampleRun
{
    /// <returns>0 on success, 1 when the platform failed, 2 when the settings are wrong.</returns>
    public static async Task<int> RunAsync(Func<string, string?> getVariable, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = new Release0Connection(Release0ConnectionOptions.FromEnvironment(getVariable));
            using IChatClient agent = new Release0AgentChatClient(connection, "echo");
            using IChatClient form = new Release0SessionChatClient(connection, "lead-form");
            await AskAsync(agent, output, cancellationToken);
            await FillFormAsync(form, output, cancellationToken);
            return 0;
        }
        catch (Release0ConfigurationException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
        catch (Release0ApiException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static async Task AskAsync(IChatClient agent, TextWriter output, CancellationToken cancellationToken)
    {
        var options = new ChatOptions();
        foreach (var question in new[] { "Hello there", "What did I just say?" })
        {
            output.WriteLine($"> {question}");
            var response = await agent.GetResponseAsync(question, options, cancellationToken);
            output.WriteLine(response.Text);

            // The server keeps the history; the conversation id is all the next call needs.
            options.ConversationId = response.ConversationId;
        }

        output.WriteLine("> Now stream it");
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in agent.GetStreamingResponseAsync("Now stream it", options, cancellationToken))
        {
            output.Write(update.Text);
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        output.WriteLine();
        output.WriteLine($"(conversation {streamed.ConversationId}, model {streamed.ModelId}, {streamed.Usage?.TotalTokenCount} tokens)");
    }

    private static async Task FillFormAsync(IChatClient form, TextWriter output, CancellationToken cancellationToken)
    {
        var answers = new Queue<string>(["Ann", "ann@example.com", "Team"]);
        var options = new ChatOptions();
        List<ChatMessage> next = [];
        while (true)
        {
            var response = await form.GetResponseAsync(next, options, cancellationToken);
            foreach (var message in response.Messages)
            {
                output.WriteLine($"agent: {message.Text}");
            }

            if (response.AdditionalProperties?[Release0ChatKeys.IsCompleted] is true || answers.Count == 0)
            {
                return;
            }

            options.ConversationId = response.ConversationId;
            var answer = answers.Dequeue();
            output.WriteLine($"you: {answer}");
            next = [new ChatMessage(ChatRole.User, answer)];
        }
    }
}
