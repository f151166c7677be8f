using System.CommandLine;
using Release0.Cli.Output;
using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.Sandbox;

namespace Release0.Cli.Commands;

/// <summary>
/// <c>release0 demo</c>: the whole client against an embedded sandbox on loopback, with no account
/// and no network. It runs the lead form, including an invalid e-mail the agent asks again for.
/// </summary>
internal static class DemoCommand
{
    public static readonly string[] Answers = ["Ann Operator", "ann@", "Ann@Example.com", "Team"];

    public static Command Create(CliApp app)
    {
        var command = new Command("demo", "Run a full conversation against an embedded sandbox (no account, no network)");
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            await using var server = await SandboxServer.StartAsync(cancellationToken: cancel);
            var options = new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token };
            var log = app.Context.Log(parse.GetValue(app.Global.Verbose));
            using var connection = new Release0Connection(options, log);
            var chats = new ChatClient(connection);
            var json = app.Json(parse);
            var output = app.Context.Output;
            if (!json)
            {
                await output.WriteLineAsync($"Demo: lead-form agent on the embedded sandbox at {server.BaseUri}");
            }

            var session = await chats.StartAsync("lead-form", cancellationToken: cancel);
            if (!json)
            {
                TextRenderer.WriteAgentLines(output, session.LatestTurn);
            }

            var answers = new Queue<string>(Answers);
            await new ConversationRunner(chats, log).RunAsync(
                session,
                (_, _) => new ValueTask<ChatReply?>(answers.Count > 0 ? ChatReply.FromText(answers.Dequeue()) : null),
                (reply, turn) =>
                {
                    if (!json)
                    {
                        TextRenderer.WriteExchange(output, reply, turn);
                    }
                },
                cancel);

            if (json)
            {
                await app.WriteJsonAsync(ChatRunOutput.From(session), CliJsonContext.Default.ChatRunOutput);
            }
            else
            {
                await output.WriteLineAsync($"Demo finished: session {session.SessionId}, {session.Turns.Count} turns, {(session.IsCompleted ? "completed" : "not completed")}.");
            }

            return session.IsCompleted ? ExitCodes.Success : ExitCodes.PlatformError;
        }));
        return command;
    }
}
