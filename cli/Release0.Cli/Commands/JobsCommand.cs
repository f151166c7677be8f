using System.CommandLine;
using Release0.Core.Batches;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;
using Release0.Core.Text;

namespace Release0.Cli.Commands;

/// <summary><c>release0 jobs run</c>: the Functions app's workflow, locally, with a results folder.</summary>
internal static class JobsCommand
{
    public static Command Create(CliApp app)
    {
        var file = new Argument<FileInfo>("file") { Description = "JSON Lines: batch job requests (with jobId) and agent events (with eventId)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Results folder (batches/, chats/, rejected/, ...), created when missing; rerunning on it redoes nothing", Required = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Messages handled at once", DefaultValueFactory = _ => 16 };
        var atLeastOnce = new Option<bool>("--at-least-once") { Description = "Resend jobs whose outcome is unknown (an earlier run stopped while sending them), and retry a submit that failed after the platform may have acted on it (500, 502, 504, timeout, dropped connection): no job lost, but a rare duplicate. By default such jobs end failed and are never sent twice" };
        var claimLease = new Option<string?>("--claim-lease") { Description = "How long a claim whose run cannot be told alive or stopped (written by an older release0) is waited for before its job ends as outcome unknown (default 15m). A claim of a run that stopped is settled at once" };
        WholeNumberOptions.Accept(concurrency, 1, 256, typed => $"--concurrency '{typed}' is not a whole number from 1 to 256");
        var run = new Command("run", "Run batch jobs and agent events through the job workflow, writing result documents") { file, output, concurrency, atLeastOnce, claimLease };
        run.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            // Every check that can refuse the run comes before anything is created; the run itself
            // creates the folder. The folder first: a run that cannot record what it sends must not send anything.
            var results = parse.GetValue(output)!.FullName;
            FolderResultStore.CheckWritable(results, "--out");
            var input = parse.GetValue(file)!;
            var lines = InputFiles.ReadLines(input, "jobs file", "give the JSON Lines file of jobs to run", InputFiles.MaxBytes, BatchClient.MaxRequestBytes);

            var total = 0;
            var finished = 0;
            var error = app.Context.Error;
            var gate = new object();
            var resend = parse.GetValue(atLeastOnce);
            var options = new JobWorkflowOptions
            {
                SubmitPolicy = resend ? SubmitPolicy.AtLeastOnce : SubmitPolicy.AtMostOnce,
                ResendUnknown = resend,

                // Another run's claim on this folder is a file to look at again: cheap, so look often.
                ClaimRecheckInterval = TimeSpan.FromSeconds(2),
                OnFinished = done =>
                {
                    lock (gate)
                    {
                        error.WriteLine($"[{++finished}/{total}] {done.Kind} {done.Id}: {done.Outcome}");
                    }
                },
            };
            if (parse.GetValue(claimLease) is { } lease)
            {
                options.ClaimLease = DurationParser.Parse(lease, "--claim-lease");
            }

            using var connection = app.Global.Connect(parse, app.Context);
            var runner = new LocalJobRunner(connection, results, options, app.Context.Log(parse.GetValue(app.Global.Verbose)), parse.GetValue(concurrency))
            {
                OnInputsCounted = count => total = count,
            };
            var again = ResumeCommand.Of(parse);
            LocalRunSummary summary;
            try
            {
                summary = await runner.RunAsync(lines, cancel);
            }
            catch (JobStoreException ex)
            {
                await error.WriteLineAsync($"error: stopped: {ex.Message} (results folder {results}). Fix that and run the same command again: finished jobs are kept and nothing is sent twice.");
                return ExitCodes.BadInput;
            }
            catch (LocalRunInterruptedException ex)
            {
                app.OnInterrupt($"left {LeftAsText(ex.States)}; resume with: {again}");
                throw;
            }

            string Shown(string id, string outcome) => summary.OutcomeUnknown.Contains(id) ? "outcome unknown" : outcome;
            var counts = summary.Outcomes.Select(o => Shown(o.Key, o.Value)).GroupBy(o => o).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
            var stopped = summary.StoppedClaims > 0 ? $"; {Plural.Of(summary.StoppedClaims, "claim")} of a run that had stopped, settled without waiting" : string.Empty;
            await app.Context.Output.WriteLineAsync(summary.Outcomes.Count == 0
                ? $"no jobs: {input.Name} has no lines to run; results in {results}"
                : $"{Plural.Of(summary.Outcomes.Count, "job")}: {string.Join(", ", counts)}{stopped}; results in {results}");
            if (connection.Pacing is { } pacing && (pacing.Rate is not null || pacing.Refused > 0))
            {
                await error.WriteLineAsync(pacing.ToString());
            }

            foreach (var (id, outcome) in summary.Outcomes.Where(o => o.Value != "completed").OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                var where = summary.Documents.TryGetValue(id, out var path) ? $" (see {path})" : string.Empty;
                await error.WriteLineAsync($"error: {id}: {Shown(id, outcome)}{where}");
            }

            if (summary.OutcomeUnknown.Count > 0)
            {
                var resendCommand = resend ? again : $"{again} --at-least-once";
                await error.WriteLineAsync($"{Plural.Of(summary.OutcomeUnknown.Count, "job")} may or may not have reached the platform and {(summary.OutcomeUnknown.Count == 1 ? "was" : "were")} not sent again; to resend {(summary.OutcomeUnknown.Count == 1 ? "it" : "them")} (at the risk of running {(summary.OutcomeUnknown.Count == 1 ? "it" : "one")} twice): {resendCommand}");
            }

            return summary.AllCompleted ? ExitCodes.Success : ExitCodes.PlatformError;
        }));
        var jobs = new Command("jobs", "Run the batch-job and agent-event workflow locally") { run };
        return jobs;
    }

    /// <summary>How many jobs an interrupted run left in each state, and what a rerun does with each.</summary>
    private static string LeftAsText(IReadOnlyDictionary<string, string> states)
    {
        string Meaning(string state) => state switch
        {
            LocalRunStates.NotSent => "not sent (a rerun sends them)",
            LocalRunStates.InFlight => "in flight (a rerun ends them as outcome unknown; --at-least-once resends them)",
            LocalRunStates.Submitted => "submitted (a rerun polls them)",
            LocalRunStates.OutcomeUnknown => "outcome unknown",
            LocalRunStates.ClaimedByAnotherRun => "claimed by another run still going",
            _ => state,
        };

        var order = new[] { "completed", LocalRunStates.Submitted, LocalRunStates.InFlight, LocalRunStates.NotSent };
        return string.Join(", ", states.Values.GroupBy(s => s)
            .OrderBy(g => Array.IndexOf(order, g.Key) is var i and >= 0 ? i : order.Length)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {Meaning(g.Key)}"));
    }
}
