using System.CommandLine;
using Release0.Cli.Output;
using Release0.Core.Http;
using Release0.Core.Messages;

namespace Release0.Cli.Commands;

/// <summary><c>release0 ask</c>: one message to an agent by slug, the reply whole or streamed.</summary>
internal static class AskCommand
{
    public static Command Create(CliApp app)
    {
        var slug = new Argument<string>("slug") { Description = "The agent's slug, e.g. support-agent" };
        var message = new Argument<string>("message") { Description = "What to say" };
        var conversation = new Option<string?>("--conversation") { Description = "Continue this conversation (the id a previous reply gave)" };
        var stream = new Option<bool>("--stream") { Description = "Print the reply as it is generated, holding none of it in memory (with --json the whole reply is held, to print it at the end)" };
        var command = new Command("ask", "Send a message to an agent by slug and print its reply") { slug, message, conversation, stream };
        app.Global.AddNetworkTo(command);
        app.Examples(command, "release0 ask support-agent \"What changed overnight?\" --stream");
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            using var connection = app.Global.Connect(parse, app.Context);
            var agents = new AgentMessageClient(connection);
            var json = app.Json(parse);
            var output = app.Context.Output;
            AgentReply reply;
            if (!parse.GetValue(stream))
            {
                reply = await agents.SendAsync(parse.GetValue(slug)!, parse.GetValue(message)!, parse.GetValue(conversation), cancel);
                if (!json)
                {
                    await output.WriteLineAsync(reply.Response);
                }
            }
            else
            {
                var replyStream = agents.Stream(parse.GetValue(slug)!, parse.GetValue(message)!, parse.GetValue(conversation), app.Global.StreamOptions(parse));
                var printed = false;
                try
                {
                    await foreach (var chunk in replyStream.WithCancellation(cancel))
                    {
                        if (!json)
                        {
                            printed = true;
                            await output.WriteAsync(chunk);
                            await output.FlushAsync(cancel);
                        }
                    }
                }
                catch (Release0ApiException) when (replyStream.Result is { } partial)
                {
                    // What arrived is kept: end the line, or print the partial reply for scripts, then report.
                    await (json ? app.WriteJsonAsync(AgentReplyOutput.From(partial), CliJsonContext.Default.AgentReplyOutput) : output.WriteLineAsync());
                    throw;
                }
                catch (OperationCanceledException) when (printed)
                {
                    await output.WriteLineAsync();
                    app.OnInterrupt("the reply above was cut off; ask again for the rest");
                    throw;
                }

                reply = replyStream.Result!;
                if (!json)
                {
                    await output.WriteLineAsync();
                }
            }

            if (json)
            {
                await app.WriteJsonAsync(AgentReplyOutput.From(reply), CliJsonContext.Default.AgentReplyOutput);
            }
            else if (reply.ConversationId is { } conversationId)
            {
                var id = TerminalText.Id(conversationId);
                await app.Context.Error.WriteLineAsync($"(conversation {id}: continue with --conversation {id})");
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
