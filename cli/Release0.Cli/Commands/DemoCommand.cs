using System.CommandLine;
using Release0.Cli.Output;
using Release0.Core.Batches;
using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.Core.Messages;
using Release0.Core.Text;
using Release0.Sandbox;

namespace Release0.Cli.Commands;

/// <summary>
/// <c>release0 demo</c>: the whole client against an embedded sandbox on loopback, with no account
/// and no network: the lead-form conversation (including an invalid e-mail the agent asks again
/// for), a streamed agent message, and a batch job followed to its result.
/// </summary>
internal static class DemoCommand
{
    public static readonly string[] Answers = ["Ann Operator", "ann@", "Ann@Example.com", "Team"];

    public const string Description = "Run a conversation, a streamed message and a batch job against an embedded sandbox (no account, no network)";

    public static Command Create(CliApp app)
    {
        var command = new Command(SandboxExecutable.DemoCommandName, Description);
        app.Global.AddOutputTo(command);
        app.Examples(command, "release0 demo");
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { BatchJobDuration = TimeSpan.FromSeconds(2) }, cancel);
            var options = new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token };
            var log = app.Context.Log(parse.GetValue(app.Global.Verbose));
            using var connection = new Release0Connection(options, log, waits: app.Context.Waits(parse.GetValue(app.Global.Quiet)));
            var json = app.Json(parse);
            var output = json ? TextWriter.Null : app.Context.Output;
            await output.WriteLineAsync($"== Chat: the lead-form agent on the embedded sandbox at {server.BaseUri}");
            var chats = new ChatClient(connection);
            var session = await chats.StartAsync("lead-form", cancellationToken: cancel);
            TextRenderer.WriteAgentLines(output, session.LatestTurn);
            var answers = new Queue<string>(Answers);
            await new ConversationRunner(chats, log).RunAsync(
                session,
                (_, _) => new ValueTask<ChatReply?>(answers.Count > 0 ? ChatReply.FromText(answers.Dequeue()) : null),
                (reply, turn) => TextRenderer.WriteExchange(output, reply, turn),
                cancel);

            await output.WriteLineAsync("== Agent message, streamed: slow-stream");
            await output.WriteAsync("agent: ");
            var stream = new AgentMessageClient(connection).Stream("slow-stream", "what changed overnight?");
            await foreach (var chunk in stream.WithCancellation(cancel))
            {
                await output.WriteAsync(chunk);
                await output.FlushAsync(cancel);
            }

            await output.WriteLineAsync();
            await output.WriteLineAsync("== Batch job: batch-echo");
            var batches = new BatchClient(connection);
            var request = new BatchRequest { AgentId = "batch-echo", ProjectEnvId = "demo-env", UserProfileId = "demo-user", Messages = [BatchMessage.FromText("Summarise last night's alerts")] };
            var submission = await batches.SubmitAsync(request, cancel);
            var result = await batches.WaitAsync(submission.BatchJobId, request.UserProfileId, new BatchWaitOptions { InitialInterval = TimeSpan.FromMilliseconds(500) }, cancellationToken: cancel);
            foreach (var message in result.LastStatus.Messages)
            {
                await output.WriteLineAsync($"agent: {message.Text}");
            }

            var ok = session.IsCompleted && stream.Result!.IsComplete && result.Outcome == BatchOutcome.Completed;
            if (json)
            {
                await app.WriteJsonAsync(ChatRunOutput.From(session), CliJsonContext.Default.ChatRunOutput);
            }
            else
            {
                await output.WriteLineAsync($"Demo finished: chat {session.SessionId} {(session.IsCompleted ? "completed" : "not completed")} in {session.Turns.Count} turns; stream complete; batch {submission.BatchJobId} {result.Outcome.ToString().ToLowerInvariant()} after {Plural.Of(result.Polls, "poll")}.");
            }

            return ok ? ExitCodes.Success : ExitCodes.PlatformError;
        }));
        return command;
    }
}
