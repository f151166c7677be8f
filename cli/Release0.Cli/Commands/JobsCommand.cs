using System.CommandLine;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;

namespace Release0.Cli.Commands;

/// <summary><c>release0 jobs run</c>: the Functions app's workflow, locally, with a results folder.</summary>
internal static class JobsCommand
{
    public static Command Create(CliApp app)
    {
        var file = new Argument<FileInfo>("file") { Description = "JSON Lines: batch job requests (with jobId) and agent events (with eventId)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Results folder (batches/, chats/, rejected/, ...); rerunning on it redoes nothing", Required = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Messages handled at once (default 16)", DefaultValueFactory = _ => 16 };
        var run = new Command("run", "Run batch jobs and agent events through the job workflow, writing result documents") { file, output, concurrency };
        run.SetAction((parse, cancel) => app.GuardAsync(async () =>
        {
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

            var total = lines.Count(l => !string.IsNullOrWhiteSpace(l));
            var finished = 0;
            var error = app.Context.Error;
            var gate = new object();
            var options = new JobWorkflowOptions
            {
                OnFinished = done =>
                {
                    lock (gate)
                    {
                        error.WriteLine($"[{++finished}/{total}] {done.Kind} {done.Id}: {done.Outcome}");
                    }
                },
            };
            using var connection = app.Global.Connect(parse, app.Context);
            var runner = new LocalJobRunner(connection, parse.GetValue(output)!.FullName, options, app.Context.Log(parse.GetValue(app.Global.Verbose)), parse.GetValue(concurrency));
            var summary = await runner.RunAsync(lines, cancel);

            var counts = summary.Outcomes.Values.GroupBy(o => o).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
            await app.Context.Output.WriteLineAsync($"{summary.Outcomes.Count} jobs: {string.Join(", ", counts)}; results in {parse.GetValue(output)!.FullName}");
            foreach (var (id, outcome) in summary.Outcomes.Where(o => o.Value != "completed").OrderBy(o => o.Key))
            {
                await error.WriteLineAsync($"error: {id}: {outcome}");
            }

            return summary.AllCompleted ? ExitCodes.Success : ExitCodes.PlatformError;
        }));
        var jobs = new Command("jobs", "Run the batch-job and agent-event workflow locally") { run };
        return jobs;
    }
}
