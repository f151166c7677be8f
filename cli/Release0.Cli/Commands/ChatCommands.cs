using System.CommandLine;
using System.Text.Json;
using Release0.Cli.Output;
using Release0.Core.Chats;
using Release0.Core.Chats.Inputs;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Text;

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
        app.Examples(chat, "release0 chat start lead-form", "release0 chat run lead-form --answer Ann --answer ann@example.com --answer Team");
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
        var command = new Command("start", "Start a chat and print the session id and the agent's first messages") { agent, preview, message, variables, resultId, legacy };
        app.Global.AddNetworkTo(command);
        app.Examples(command, "release0 chat start lead-form --var \"First name=Ann\"");
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            var context = ParseVariables(parse.GetValue(variables) ?? []);
            var reply = parse.GetValue(message) is { } text ? Reply(text, "--message") : null;
            using var connection = app.Global.Connect(parse, app.Context);
            var chats = new ChatClient(connection, parse.GetValue(legacy) ? ChatRouteStyle.Legacy : ChatRouteStyle.Current);
            var session = parse.GetValue(preview)
                ? await chats.StartPreviewAsync(parse.GetValue(agent)!, new PreviewChatRequest { Message = reply, InitialContext = context }, cancel)
                : await chats.StartAsync(parse.GetValue(agent)!, new StartChatRequest { Message = reply, InitialContext = context, ResultId = parse.GetValue(resultId) }, cancel);
            await WarnAboutUnknownVariablesAsync(app, chats, connection, session, context, cancel);
            if (app.Json(parse))
            {
                await app.WriteJsonAsync(ChatTurnOutput.From(session.SessionId, session.ResultId, session.LatestTurn), CliJsonContext.Default.ChatTurnOutput);
            }
            else
            {
                await app.Context.Output.WriteLineAsync($"session {TerminalText.Id(session.SessionId)}");
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
        app.Global.AddNetworkTo(command);
        app.Examples(command, "release0 chat send 7c1e9f0a \"Ann\"");
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            using var connection = app.Global.Connect(parse, app.Context);
            var chats = new ChatClient(connection, parse.GetValue(legacy) ? ChatRouteStyle.Legacy : ChatRouteStyle.Current);
            var id = parse.GetValue(sessionId)!;
            var turn = await chats.ContinueAsync(id, Reply(parse.GetValue(text)!, "The reply"), cancel);
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
        var command = new Command("run", "Run a whole conversation and print the session id and the transcript") { agent, answers, variables };
        app.Global.AddNetworkTo(command);
        app.Examples(command, "release0 chat run lead-form --answer Ann --answer ann@example.com --answer Team");
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            var context = ParseVariables(parse.GetValue(variables) ?? []);
            var queue = new Queue<ChatReply>((parse.GetValue(answers) ?? []).Select(a => Reply(a, "--answer")));
            var json = app.Json(parse);
            using var connection = app.Global.Connect(parse, app.Context);
            var chats = new ChatClient(connection);
            var session = await chats.StartAsync(parse.GetValue(agent)!, new StartChatRequest { InitialContext = context }, cancel);
            await WarnAboutUnknownVariablesAsync(app, chats, connection, session, context, cancel);
            var output = app.Context.Output;
            var resume = $"continue it with 'release0 chat send {TerminalText.Id(session.SessionId)} TEXT'";
            app.OnInterrupt($"session {TerminalText.Id(session.SessionId)} is still open; {resume}");
            if (!json)
            {
                await output.WriteLineAsync($"session {TerminalText.Id(session.SessionId)}");
                TextRenderer.WriteAgentLines(output, session.LatestTurn);
            }

            var runner = new ConversationRunner(chats, app.Context.Log(parse.GetValue(app.Global.Verbose)));
            var typed = false;
            await runner.RunAsync(
                session,
                async (input, token) =>
                {
                    if (queue.Count > 0)
                    {
                        typed = false;
                        return queue.Dequeue();
                    }

                    typed = true;
                    return await AskTerminalAsync(app.Context, input, $"session {session.SessionId} is still open; {resume}", token);
                },
                (reply, turn) =>
                {
                    if (!json)
                    {
                        // What was typed at the prompt is already on the screen.
                        TextRenderer.WriteExchange(output, typed ? null : reply, turn);
                    }
                },
                cancel);

            if (json)
            {
                await app.WriteJsonAsync(ChatRunOutput.From(session), CliJsonContext.Default.ChatRunOutput);
            }

            if (!session.IsCompleted)
            {
                throw new CliInputException($"The agent is waiting for {Article.For(session.PendingInput!.Type)} ({session.PendingInput.Prompt}) but no --answer is left. Add another --answer, run on a terminal to type it, or {resume}.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>
    /// The platform ignores --var names the agent does not have. Reading its variables needs a
    /// token, so without one the names go unchecked; a failed check is a warning, never an error.
    /// </summary>
    private static async Task WarnAboutUnknownVariablesAsync(CliApp app, ChatClient chats, Release0Connection connection, ChatSession session, IReadOnlyDictionary<string, string?> variables, CancellationToken cancel)
    {
        if (variables.Count == 0 || !connection.HasToken
            || session.Agent is not { ValueKind: JsonValueKind.Object } agent
            || !agent.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } agentId)
        {
            return;
        }

        IReadOnlyList<string> known;
        try
        {
            known = await chats.GetVariableNamesAsync(agentId, cancel);
        }
        catch (Release0ApiException ex)
        {
            await app.Context.Error.WriteLineAsync($"warning: could not check the --var names: {ex.Message}");
            return;
        }

        foreach (var name in variables.Keys.Where(n => !known.Contains(n, StringComparer.Ordinal)))
        {
            var has = known.Count == 0 ? "it has none" : $"it has {string.Join(", ", known)}";
            await app.Context.Error.WriteLineAsync($"warning: --var '{name}' is not a variable of agent {agentId} ({has}); the agent will not use it.");
        }
    }

    /// <summary>Asks at the terminal, or returns null when there is none. Ctrl+C cancels the prompt at once; end of input says so.</summary>
    private static async ValueTask<ChatReply?> AskTerminalAsync(CliContext context, ChatInput input, string stillOpen, CancellationToken cancellationToken)
    {
        if (context.InteractiveInput is not { } terminal)
        {
            return null;
        }

        while (true)
        {
            await context.Error.WriteAsync($"[{input.Type}] {input.Prompt}\n> ");

            // A console read cannot be cancelled; waiting for it on the side lets Ctrl+C end the prompt at once.
            string? line;
            try
            {
                line = await Task.Run(terminal.ReadLine, CancellationToken.None).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Leave the prompt's line, so what follows starts on its own.
                await context.Error.WriteLineAsync();
                throw;
            }

            if (line is null)
            {
                throw new CliInputException($"End of input at the prompt for {Article.For(input.Type)}; {stillOpen}.");
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                return ChatReply.FromText(line);
            }

            await context.Error.WriteLineAsync("(an empty reply is not sent: type an answer, or press Ctrl+D to stop)");
        }
    }

    /// <summary>Empty replies are refused everywhere, as <c>ask ""</c> is: the platform would take them as an answer.</summary>
    private static ChatReply Reply(string text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CliInputException($"{what} must not be empty; give the text to send.");
        }

        return ChatReply.FromText(text);
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
