using System.CommandLine;
using Release0.Cli.Output;
using Release0.Core.Batches;
using Release0.Core.Text;

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
        app.Examples(batch, "release0 batch submit --agent a1 --project-env pe_1 --user-profile up_1 --message \"Summarise alerts\" --wait");
        return batch;
    }

    private static Command Submit(CliApp app)
    {
        var agent = new Option<string>("--agent") { Description = "Agent id (from the agent's details page)", Required = true };
        var projectEnv = new Option<string>("--project-env") { Description = "Project environment id", Required = true };
        var userProfile = new Option<string>("--user-profile") { Description = "User profile id", Required = true };
        var messages = new Option<string[]>("--message") { Description = "A message to send (repeatable)" };
        var messagesFile = new Option<FileInfo?>("--messages-file") { Description = "JSON array of strings or {type, text}, or JSON Lines" };
        var batchSize = new Option<int?>("--batch-size") { Description = "Split the messages into jobs of at most N messages each, submitted (and waited for) one by one" };
        var chatSession = new Option<string?>("--chat-session") { Description = "Continue this platform chat session" };
        var externalSession = new Option<string?>("--external-session") { Description = "Your own session id" };
        var externalUser = new Option<string?>("--external-user") { Description = "The user's id in your system" };
        var filters = new Option<string?>("--filters") { Description = "Entity filters as JSON: {\"includeEntities\":\"filtered\",\"entityFilters\":[{\"entityId\":\"...\"}]}" };
        var asArray = new Option<bool>("--messages-as-array") { Description = "Send messages as a JSON array instead of a string holding one" };
        var wait = new Option<bool>("--wait") { Description = "Wait for the result, showing progress on stderr" };
        var timeout = TimeoutOption("With --wait: give up waiting after this long (e.g. 90s, 10m, 1h; default 30m). Without: how long the submission may take (default 2m)");
        WholeNumberOptions.Accept(batchSize, 1, int.MaxValue, typed => $"--batch-size '{typed}' is not a whole number of at least 1");
        var command = new Command("submit", "Submit a batch job and print its batchJobId (or, with --wait, its result)")
        {
            agent, projectEnv, userProfile, messages, messagesFile, batchSize, chatSession, externalSession, externalUser, filters, asArray, wait, timeout,
        };
        app.Examples(command, "release0 batch submit --agent a1 --project-env pe_1 --user-profile up_1 --message \"Summarise alerts\" --wait", "release0 batch submit --agent a1 --project-env pe_1 --user-profile up_1 --messages-file msgs.jsonl --batch-size 500");
        app.Global.AddNetworkTo(command, timeout: false);
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            var all = ReadMessages(parse.GetValue(messages) ?? [], parse.GetValue(messagesFile));
            if (all.Count == 0)
            {
                throw new CliInputException("Give at least one --message, or a --messages-file.");
            }

            var size = parse.GetValue(batchSize) ?? all.Count;
            var requests = all.Chunk(Math.Max(1, size)).Select(part => new BatchRequest
            {
                AgentId = parse.GetValue(agent)!,
                ProjectEnvId = parse.GetValue(projectEnv)!,
                UserProfileId = parse.GetValue(userProfile)!,
                ChatSessionId = parse.GetValue(chatSession),
                ExternalChatSessionId = parse.GetValue(externalSession),
                ExternalUserId = parse.GetValue(externalUser),
                Filters = parse.GetValue(filters) is { } json ? BatchFilters.Parse(json) : null,
                Messages = part.ToList(),
                MessagesEncoding = parse.GetValue(asArray) ? BatchMessagesEncoding.Array : BatchMessagesEncoding.StringifiedJson,
            }).ToList();
            foreach (var request in requests)
            {
                request.Validate();
            }

            var waiting = parse.GetValue(wait);
            var limit = Limit(parse, timeout);
            var waitOptions = WaitOptions(limit);
            using var connection = app.Global.Connect(parse, app.Context, waiting ? null : limit);
            var batches = new BatchClient(connection);
            var exit = ExitCodes.Success;
            var submitted = new List<string>();
            for (var i = 0; i < requests.Count; i++)
            {
                var request = requests[i];
                var label = requests.Count > 1 ? $"job {i + 1} of {requests.Count} ({Plural.Of(request.Messages.Count, "message")})" : null;
                app.OnInterrupt(submitted.Count == 0
                    ? "the submission was cut off; the platform may still have accepted the job, but no batchJobId came back"
                    : InterruptHint(submitted, request.UserProfileId, requests.Count - i) + "; the next submission was cut off");
                var submission = await batches.SubmitAsync(request, cancel);
                submitted.Add(submission.BatchJobId);
                app.OnInterrupt(InterruptHint(submitted, request.UserProfileId, requests.Count - i - 1));
                if (!waiting)
                {
                    await (app.Json(parse)
                        ? app.WriteJsonAsync(new BatchSubmitOutput(submission.BatchJobId), CliJsonContext.Default.BatchSubmitOutput)
                        : app.Context.Output.WriteLineAsync(submission.BatchJobId));
                    if (label is not null)
                    {
                        await app.Context.Error.WriteLineAsync($"submitted {label}: batch {submission.BatchJobId}");
                    }

                    continue;
                }

                await app.Context.Error.WriteLineAsync($"submitted {(label is null ? string.Empty : label + ": ")}batch {submission.BatchJobId}");

                // Waiting from submission, so polls can follow this agent's earlier durations (and add this one).
                PollHistoryFile.ForCurrentUser(app.Context.GetVariable)?.LearnFor(waitOptions, request.AgentId);
                exit = Math.Max(exit, await WaitAndReportAsync(app, parse, batches, submission.BatchJobId, request.UserProfileId, waitOptions, cancel));
            }

            return exit;
        }));
        return command;
    }

    private static Command Get(CliApp app)
    {
        var batchJobId = new Argument<string>("batchJobId") { Description = "The job to look at" };
        var userProfile = new Option<string>("--user-profile") { Description = "User profile id the job was submitted with", Required = true };
        var command = new Command("get", "Poll a batch job once and print its state") { batchJobId, userProfile };
        app.Global.AddNetworkTo(command);
        app.Examples(command, "release0 batch get b_42 --user-profile up_1 --json");
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

            if (status.State != BatchState.Failed)
            {
                return ExitCodes.Success;
            }

            await ReportFailureAsync(app, status);
            return ExitCodes.PlatformError;
        }));
        return command;
    }

    private static Command Wait(CliApp app)
    {
        var batchJobId = new Argument<string>("batchJobId") { Description = "The job to wait for" };
        var userProfile = new Option<string>("--user-profile") { Description = "User profile id the job was submitted with", Required = true };
        var timeout = TimeoutOption("Give up waiting after this long (e.g. 90s, 10m, 1h; default 30m)");
        var command = new Command("wait", "Wait for a batch job to finish, showing progress on stderr") { batchJobId, userProfile, timeout };
        app.Global.AddNetworkTo(command, timeout: false);
        app.Examples(command, "release0 batch wait b_42 --user-profile up_1 --timeout 30m");
        command.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            var options = WaitOptions(Limit(parse, timeout));
            using var connection = app.Global.Connect(parse, app.Context);
            var id = parse.GetValue(batchJobId)!;
            app.OnInterrupt(InterruptHint([id], parse.GetValue(userProfile)!, 0));
            return await WaitAndReportAsync(app, parse, new BatchClient(connection), id, parse.GetValue(userProfile)!, options, cancel);
        }));
        return command;
    }

    /// <summary>What Ctrl+C leaves behind: the jobs already submitted run on; say how to follow them.</summary>
    private static string InterruptHint(IReadOnlyList<string> submitted, string userProfileId, int notSubmitted)
    {
        var follow = string.Join("; ", submitted.Select(id => $"'release0 batch wait {id} --user-profile {userProfileId}'"));
        var rest = notSubmitted > 0 ? $"; {Plural.Of(notSubmitted, "job")} of the file {(notSubmitted == 1 ? "was" : "were")} not submitted" : string.Empty;
        return submitted.Count == 1
            ? $"batch {submitted[0]} is still running on the platform; follow it with {follow}{rest}"
            : $"batches {string.Join(", ", submitted)} are still running on the platform; follow them with {follow}{rest}";
    }

    /// <summary>Waits, with progress on stderr; exits 0 completed, 1 failed, 3 timed out.</summary>
    private static async Task<int> WaitAndReportAsync(CliApp app, ParseResult parse, BatchClient batches, string batchJobId, string userProfileId, BatchWaitOptions options, CancellationToken cancel)
    {
        var result = await batches.WaitAsync(batchJobId, userProfileId, options, cancellationToken: cancel);
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
                await ReportFailureAsync(app, result.LastStatus);
                return ExitCodes.PlatformError;
            default:
                await app.Context.Error.WriteLineAsync($"error: batch {batchJobId} was still {result.LastStatus.StatusText ?? "unfinished"} after {options.Timeout.TotalSeconds:0.###}s; wait again with 'release0 batch wait {batchJobId} --user-profile {userProfileId}'");
                return ExitCodes.DeadlineExceeded;
        }
    }

    /// <summary>A failed job's error, once, on stderr (the result on stdout carries no second copy).</summary>
    private static Task ReportFailureAsync(CliApp app, BatchStatus status) =>
        app.Context.Error.WriteLineAsync($"error: batch {status.BatchJobId} failed: {status.ErrorCode ?? "no code"}: {status.ErrorMessage ?? "no message"}");

    private static async Task WriteMessagesAsync(TextWriter output, BatchStatus status)
    {
        foreach (var message in status.Messages)
        {
            await output.WriteLineAsync($"agent: {message.Text}");
        }
    }

    private static Option<string?> TimeoutOption(string description) => new("--timeout") { Description = description };

    private static TimeSpan? Limit(ParseResult parse, Option<string?> timeout) =>
        parse.GetValue(timeout) is { } text ? DurationParser.Parse(text, "--timeout") : null;

    private static BatchWaitOptions WaitOptions(TimeSpan? limit)
    {
        var options = new BatchWaitOptions();
        if (limit is { } given)
        {
            options.Timeout = given;
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

        var lines = InputFiles.ReadLines(file, "--messages-file", "give a JSON or JSON Lines file", InputFiles.MaxBytes, BatchClient.MaxRequestBytes);
        return BatchMessageFile.Parse(lines, file.Name).ToList();
    }
}
