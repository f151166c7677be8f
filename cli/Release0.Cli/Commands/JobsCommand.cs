using System.CommandLine;
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
        var atLeastOnce = new Option<bool>("--at-least-once") { Description = "Resend a submit that failed after the platform may have acted on it (500, 502, 504, timeout, dropped connection): no job lost to such a failure, but a rare duplicate. By default such a job ends failed and is never sent twice" };
        var claimLease = new Option<string?>("--claim-lease") { Description = "How long a job claimed by an interrupted earlier run is waited for before it ends as outcome unknown (default 15m); shorten it only when no other run uses the folder" };
        var run = new Command("run", "Run batch jobs and agent events through the job workflow, writing result documents") { file, output, concurrency, atLeastOnce, claimLease };
        run.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
            // The folder first: a run that cannot record what it sends must not send anything.
            var results = parse.GetValue(output)!.FullName;
            FolderResultStore.EnsureWritable(results, "--out");

            var input = parse.GetValue(file)!;
            string[] lines;
            try
            {
                lines = await File.ReadAllLinesAsync(input.FullName, cancel);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliInputException($"Cannot read jobs file {input.FullName}: {ex.Message}");
            }

            var total = 0;
            var finished = 0;
            var error = app.Context.Error;
            var gate = new object();
            var options = new JobWorkflowOptions
            {
                SubmitPolicy = parse.GetValue(atLeastOnce) ? SubmitPolicy.AtLeastOnce : SubmitPolicy.AtMostOnce,
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

            var counts = summary.Outcomes.Values.GroupBy(o => o).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
            await app.Context.Output.WriteLineAsync(summary.Outcomes.Count == 0
                ? $"no jobs: {input.Name} has no lines to run; results in {results}"
                : $"{Plural.Of(summary.Outcomes.Count, "job")}: {string.Join(", ", counts)}; results in {results}");
            foreach (var (id, outcome) in summary.Outcomes.Where(o => o.Value != "completed").OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                var where = summary.Documents.TryGetValue(id, out var path) ? $" (see {path})" : string.Empty;
                await error.WriteLineAsync($"error: {id}: {outcome}{where}");
            }

            return summary.AllCompleted ? ExitCodes.Success : ExitCodes.PlatformError;
        }));
        var jobs = new Command("jobs", "Run the batch-job and agent-event workflow locally") { run };
        return jobs;
    }
}
