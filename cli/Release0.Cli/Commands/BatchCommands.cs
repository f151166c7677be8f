using System.CommandLine;
using Release0.Cli.Output;
using Release0.Core.Batches;

namespace Release0.Cli.Commands;

/// <summary><c>release0 batch submit|get|wait</c>.</summary>
internal static class BatchCommands
{
    public static Command Create(CliApp app)
    {
        var batch = new Command("batch", "Submit batch message jobs and follow them to their result");
        batch.Add(Submit(app));
        batch.Add(Get(app));
        batch.Add(Wait(app));
        return batch;
    }

    private static Command Submit(CliApp app)
    {
        var agent = new Option<string>("--agent") { Description = "Agent id (from the agent's details page)", Required = true };
        var projectEnv = new Option<string>("--project-env") { Description = "Project environment id", Required = true };
        var userProfile = new Option<string>("--user-profile") { Description = "User profile id", Required = true };
        var messages = new Option<string[]>("--message") { Description = "A message to send (repeatable)" };
        var messagesFile = new Option<FileInfo?>("--messages-file") { Description = "JSON array of strings or {type, text}, or JSON Lines" };
        var chatSession = new Option<string?>("--chat-session") { Description = "Continue this platform chat session" };
        var externalSession = new Option<string?>("--external-session") { Description = "Your own session id" };
        var externalUser = new Option<string?>("--external-user") { Description = "The user's id in your system" };
        var filters = new Option<string?>("--filters") { Description = "Entity filters as JSON: {\"includeEntities\":\"filtered\",\"entityFilters\":[...]}" };
        var asArray = new Option<bool>("--messages-as-array") { Description = "Send messages as a JSON array instead of a string holding one" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the result, showing progress on stderr" };
        var timeout = TimeoutOption();
        var command = new Command("submit", "Submit a batch job and print its batchJobId (or, with --wait, its result)")
        {
            agent, projectEnv, userProfile, messages, messagesFile, chatSession, externalSession, externalUser, filters, asArray, wait, timeout,
        };
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            var request = new BatchRequest
            {
                AgentId = parse.GetValue(agent)!,
                ProjectEnvId = parse.GetValue(projectEnv)!,
                UserProfileId = parse.GetValue(userProfile)!,
                ChatSessionId = parse.GetValue(chatSession),
                ExternalChatSessionId = parse.GetValue(externalSession),
                ExternalUserId = parse.GetValue(externalUser),
                Filters = parse.GetValue(filters) is { } json ? BatchFilters.Parse(json) : null,
                Messages = ReadMessages(parse.GetValue(messages) ?? [], parse.GetValue(messagesFile)),
                MessagesEncoding = parse.GetValue(asArray) ? BatchMessagesEncoding.Array : BatchMessagesEncoding.StringifiedJson,
            };
            var waitOptions = WaitOptions(parse, timeout);
            using var connection = app.Global.Connect(parse, app.Context);
            var batches = new BatchClient(connection);
            var submission = await batches.SubmitAsync(request, cancel);
            if (!parse.GetValue(wait))
            {
                await (app.Json(parse)
                    ? app.WriteJsonAsync(new BatchSubmitOutput(submission.BatchJobId), CliJsonContext.Default.BatchSubmitOutput)
                    : app.Context.Output.WriteLineAsync(submission.BatchJobId));
                return ExitCodes.Success;
            }

            if (!app.Json(parse))
            {
                await app.Context.Error.WriteLineAsync($"submitted batch {submission.BatchJobId}");
            }

            return await WaitAndReportAsync(app, parse, batches, submission.BatchJobId, request.UserProfileId, waitOptions, cancel);
        }));
        return command;
    }

    private static Command Get(CliApp app)
    {
        var batchJobId = new Argument<string>("batchJobId") { Description = "The job to look at" };
        var userProfile = new Option<string>("--user-profile") { Description = "User profile id the job was submitted with", Required = true };
        var command = new Command("get", "Poll a batch job once and print its state") { batchJobId, userProfile };
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            using var connection = app.Global.Connect(parse, app.Context);
            var status = await new BatchClient(connection).GetAsync(parse.GetValue(batchJobId)!, parse.GetValue(userProfile)!, cancel);
            if (app.Json(parse))
            {
                await app.WriteJsonAsync(BatchOutput.From(status), CliJsonContext.Default.BatchOutput);
            }
            else
            {
                await app.Context.Output.WriteLineAsync(status.ToString());
                await WriteMessagesAsync(app.Context.Output, status);
            }

            return status.State == BatchState.Failed ? ExitCodes.PlatformError : ExitCodes.Success;
        }));
        return command;
    }

    private static Command Wait(CliApp app)
    {
        var batchJobId = new Argument<string>("batchJobId") { Description = "The job to wait for" };
        var userProfile = new Option<string>("--user-profile") { Description = "User profile id the job was submitted with", Required = true };
        var timeout = TimeoutOption();
        var command = new Command("wait", "Wait for a batch job to finish, showing progress on stderr") { batchJobId, userProfile, timeout };
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            var options = WaitOptions(parse, timeout);
            using var connection = app.Global.Connect(parse, app.Context);
            return await WaitAndReportAsync(app, parse, new BatchClient(connection), parse.GetValue(batchJobId)!, parse.GetValue(userProfile)!, options, cancel);
        }));
        return command;
    }

    /// <summary>Waits with one progress line per poll on stderr; exits 0 completed, 1 failed, 3 timed out.</summary>
    private static async Task<int> WaitAndReportAsync(CliApp app, ParseResult parse, BatchClient batches, string batchJobId, string userProfileId, BatchWaitOptions options, CancellationToken cancel)
    {
        var error = app.Context.Error;
        var result = await batches.WaitAsync(batchJobId, userProfileId, options, progress => error.WriteLine(progress.ToString()), cancel);
        if (app.Json(parse))
        {
            await app.WriteJsonAsync(BatchOutput.From(result), CliJsonContext.Default.BatchOutput);
        }
        else
        {
            await app.Context.Output.WriteLineAsync(result.ToString());
            await WriteMessagesAsync(app.Context.Output, result.LastStatus);
        }

        switch (result.Outcome)
        {
            case BatchOutcome.Completed:
                return ExitCodes.Success;
            case BatchOutcome.Failed:
                await error.WriteLineAsync($"error: batch {batchJobId} failed: {result.LastStatus.ErrorCode ?? "no code"}: {result.LastStatus.ErrorMessage ?? "no message"}");
                return ExitCodes.PlatformError;
            default:
                await error.WriteLineAsync($"error: batch {batchJobId} was still {result.LastStatus.StatusText ?? "unfinished"} after {options.Timeout.TotalSeconds:0.###}s; wait again with 'release0 batch wait {batchJobId} --user-profile {userProfileId}'");
                return ExitCodes.DeadlineExceeded;
        }
    }

    private static async Task WriteMessagesAsync(TextWriter output, BatchStatus status)
    {
        foreach (var message in status.Messages)
        {
            await output.WriteLineAsync($"agent: {message.Text}");
        }

        if (status.ErrorMessage is { } problem)
        {
            await output.WriteLineAsync($"error: {status.ErrorCode ?? "no code"}: {problem}");
        }
    }

    private static Option<string?> TimeoutOption() => new("--timeout") { Description = "Give up waiting after this long (e.g. 90s, 10m, 1h; default 30m)" };

    private static BatchWaitOptions WaitOptions(ParseResult parse, Option<string?> timeout)
    {
        var options = new BatchWaitOptions();
        if (parse.GetValue(timeout) is { } text)
        {
            options.Timeout = DurationParser.Parse(text, "--timeout");
        }

        options.Validate();
        return options;
    }

    private static IList<BatchMessage> ReadMessages(string[] messages, FileInfo? file)
    {
        if (messages.Length > 0 && file is not null)
        {
            throw new CliInputException("Give messages with --message or with --messages-file, not both.");
        }

        if (file is null)
        {
            return messages.Select(BatchMessage.FromText).ToList();
        }

        string content;
        try
        {
            content = File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"Cannot read messages file {file.FullName}: {ex.Message}");
        }

        return BatchMessageFile.Parse(content, file.Name).ToList();
    }
}
