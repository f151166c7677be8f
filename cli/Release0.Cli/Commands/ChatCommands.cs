using System.CommandLine;
using Release0.Cli.Output;
using Release0.Core.Chats;
using Release0.Core.Chats.Inputs;

namespace Release0.Cli.Commands;

/// <summary><c>release0 chat start|send|run</c>.</summary>
internal static class ChatCommands
{
    public static Command Create(CliApp app)
    {
        var chat = new Command("chat", "Start, continue and run chat sessions with an agent");
        chat.Add(Start(app));
        chat.Add(Send(app));
        chat.Add(Run(app));
        return chat;
    }

    private static Command Start(CliApp app)
    {
        var agent = new Argument<string>("agent") { Description = "The agent's public id (with --preview: its agent id)" };
        var preview = new Option<bool>("--preview") { Description = "Start a preview of the draft (needs a token)" };
        var message = new Option<string?>("--message") { Description = "Answer to the flow's first input" };
        var variables = new Option<string[]>("--var") { Description = "Pre-fill a variable: NAME=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        var resultId = new Option<string?>("--result-id") { Description = "Reuse an existing result" };
        var legacy = new Option<bool>("--legacy-routes") { Description = "Use the older startChat/continueChat routes" };
        var command = new Command("start", "Start a chat and print the agent's first messages") { agent, preview, message, variables, resultId, legacy };
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            var context = ParseVariables(parse.GetValue(variables) ?? []);
            var reply = parse.GetValue(message) is { } text ? ChatReply.FromText(text) : null;
            using var connection = app.Global.Connect(parse, app.Context);
            var chats = new ChatClient(connection, parse.GetValue(legacy) ? ChatRouteStyle.Legacy : ChatRouteStyle.Current);
            var session = parse.GetValue(preview)
                ? await chats.StartPreviewAsync(parse.GetValue(agent)!, new PreviewChatRequest { Message = reply, InitialContext = context }, cancel)
                : await chats.StartAsync(parse.GetValue(agent)!, new StartChatRequest { Message = reply, InitialContext = context, ResultId = parse.GetValue(resultId) }, cancel);
            if (app.Json(parse))
            {
                await app.WriteJsonAsync(ChatTurnOutput.From(session.SessionId, session.ResultId, session.LatestTurn), CliJsonContext.Default.ChatTurnOutput);
            }
            else
            {
                await app.Context.Output.WriteLineAsync($"session {session.SessionId}");
                TextRenderer.WriteTurn(app.Context.Output, session.LatestTurn);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Send(CliApp app)
    {
        var sessionId = new Argument<string>("sessionId") { Description = "The session to continue" };
        var text = new Argument<string>("text") { Description = "Your reply" };
        var legacy = new Option<bool>("--legacy-routes") { Description = "Use the older continueChat route" };
        var command = new Command("send", "Send a reply to a session and print the agent's answer") { sessionId, text, legacy };
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            using var connection = app.Global.Connect(parse, app.Context);
            var chats = new ChatClient(connection, parse.GetValue(legacy) ? ChatRouteStyle.Legacy : ChatRouteStyle.Current);
            var id = parse.GetValue(sessionId)!;
            var turn = await chats.ContinueAsync(id, ChatReply.FromText(parse.GetValue(text)!), cancel);
            if (app.Json(parse))
            {
                await app.WriteJsonAsync(ChatTurnOutput.From(id, null, turn), CliJsonContext.Default.ChatTurnOutput);
            }
            else
            {
                TextRenderer.WriteTurn(app.Context.Output, turn);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Run(CliApp app)
    {
        var agent = new Argument<string>("agent") { Description = "The agent's public id" };
        var answers = new Option<string[]>("--answer") { Description = "Reply to the next input, in order (repeatable); on a terminal you are asked for the rest" };
        var variables = new Option<string[]>("--var") { Description = "Pre-fill a variable: NAME=VALUE (repeatable)" };
        var command = new Command("run", "Run a whole conversation and print the transcript") { agent, answers, variables };
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            var context = ParseVariables(parse.GetValue(variables) ?? []);
            var queue = new Queue<string>(parse.GetValue(answers) ?? []);
            var json = app.Json(parse);
            using var connection = app.Global.Connect(parse, app.Context);
            var chats = new ChatClient(connection);
            var session = await chats.StartAsync(parse.GetValue(agent)!, new StartChatRequest { InitialContext = context }, cancel);
            var output = app.Context.Output;
            if (!json)
            {
                TextRenderer.WriteAgentLines(output, session.LatestTurn);
            }

            var runner = new ConversationRunner(chats, app.Context.Log(parse.GetValue(app.Global.Verbose)));
            await runner.RunAsync(
                session,
                (input, token) => NextAnswerAsync(app.Context, queue, input, token),
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

            if (!session.IsCompleted)
            {
                throw new CliInputException($"The agent is waiting for a {session.PendingInput!.Type} ({session.PendingInput.Prompt}) but no --answer is left. Add another --answer, or run on a terminal to type it.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static async ValueTask<ChatReply?> NextAnswerAsync(CliContext context, Queue<string> queue, ChatInput input, CancellationToken cancellationToken)
    {
        if (queue.Count > 0)
        {
            return ChatReply.FromText(queue.Dequeue());
        }

        if (context.InteractiveInput is not { } terminal)
        {
            return null;
        }

        await context.Error.WriteAsync($"[{input.Type}] {input.Prompt}\n> ");
        var line = await terminal.ReadLineAsync(cancellationToken);
        return line is null ? null : ChatReply.FromText(line);
    }

    internal static Dictionary<string, string?> ParseVariables(IEnumerable<string> pairs)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new CliInputException($"--var '{pair}' must look like NAME=VALUE (for example --var \"First name=Ann\").");
            }

            variables[pair[..equals]] = pair[(equals + 1)..];
        }

        return variables;
    }
}
