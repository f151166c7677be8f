using System.Buffers;
using System.CommandLine;
using System.CommandLine.Help;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Release0.Cli.Commands;
using Release0.Cli.Output;
using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.Core.Http;

namespace Release0.Cli;

/// <summary>The <c>release0</c> command tree, and the one place failures become one line and an exit code.</summary>
internal sealed class CliApp
{
    private readonly CliContext _context;
    private readonly GlobalOptions _global = new();
    private CancellationToken _interrupt;
    private string? _interruptHint;
    private Command? _command;
    private readonly Dictionary<Command, string[]> _examples = [];

    public CliApp(CliContext context)
    {
        _context = context;
    }

    public async Task<int> RunAsync(string[] args, CancellationToken interrupt = default)
    {
        _interrupt = interrupt;
        var root = new RootCommand("Drive Release0 chat agents from any shell. Run 'release0 demo' to try it without an account.");
        root.Add(ChatCommands.Create(this));
        root.Add(AskCommand.Create(this));
        root.Add(BatchCommands.Create(this));
        root.Add(JobsWithOptions());
        if (SandboxExecutable.IsEmbedded)
        {
            root.Add(SandboxCommand.Create(this));
            root.Add(DemoCommand.Create(this));
        }
        else
        {
            // Listed in help and suggestions; Program hands them to release0-sandbox before parsing.
            root.Add(new Command(SandboxExecutable.SandboxCommandName, SandboxCommand.Description));
            root.Add(new Command(SandboxExecutable.DemoCommandName, DemoCommand.Description));
        }
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExampleHelpAction((HelpAction)help.Action!, _examples);

        var parse = root.Parse(args);
        // --help wins over missing required options, as users expect.
        if (parse.Errors.Count > 0 && parse.Action is not ExampleHelpAction)
        {
            await _context.Error.WriteLineAsync(ParseErrorLine(parse));
            return ExitCodes.BadInput;
        }

        _command = parse.CommandResult.Command;

        // Ctrl+C is handled here (and in Program), not by System.CommandLine, which would give up after 2 s.
        var invocation = new InvocationConfiguration { Output = _context.Output, Error = _context.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await parse.InvokeAsync(invocation, interrupt);
        }
        catch (Exception ex)
        {
            return await FailAsync(ex);
        }
    }

    public CliContext Context => _context;

    public GlobalOptions Global => _global;

    public bool Json(ParseResult parse) => parse.GetValue(_global.Json);

    /// <summary>Shown at the end of the command's help.</summary>
    public void Examples(Command command, params string[] examples) => _examples[command] = examples;

    /// <summary>
    /// What Ctrl+C should tell the user from now on: what is left running and how to resume it
    /// (a submitted batch job, an open session). The last one set wins.
    /// </summary>
    public void OnInterrupt(string hint) => _interruptHint = hint;

    /// <summary>Writes a result as indented JSON to stdout, with text as it is (only what JSON requires escaped).</summary>
    public Task WriteJsonAsync<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = MinimalJsonEncoder.Instance }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return _context.Output.WriteLineAsync(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Runs a command body, turning every failure into one line on stderr and an exit code.</summary>
    public async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception ex)
        {
            return await FailAsync(ex);
        }
    }

    /// <summary><c>jobs run</c> calls the platform like any network command; its options are added here, beside the command's own.</summary>
    private Command JobsWithOptions()
    {
        var jobs = JobsCommand.Create(this);
        foreach (var run in jobs.Subcommands)
        {
            _global.AddNetworkTo(run);
            Examples(run, "release0 jobs run jobs.jsonl --out results");
        }

        Examples(jobs, "release0 jobs run jobs.jsonl --out results");
        return jobs;
    }

    private async Task<int> FailAsync(Exception exception)
    {
        var error = _context.Error;
        switch (exception)
        {
            case OperationCanceledException when _interrupt.IsCancellationRequested:
                await error.WriteLineAsync($"interrupted: {_interruptHint ?? DefaultInterruptHint()}");
                return ExitCodes.Interrupted;
            case Release0ApiException or ConversationLimitException:
                await error.WriteLineAsync($"error: {exception.Message}");
                return ExitCodes.PlatformError;
            case Release0ConfigurationException or CliInputException:
                await error.WriteLineAsync($"error: {exception.Message}");
                return ExitCodes.BadInput;
            default:
                // A bug or an unforeseen condition: still one line, never a stack trace.
                await error.WriteLineAsync($"error: unexpected {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}");
                return ExitCodes.PlatformError;
        }
    }

    /// <summary>For a command that set no hint of its own: <c>jobs run</c> resumes by rerunning; anything else left nothing behind.</summary>
    private string DefaultInterruptHint() => _command?.Name == "run" && _command.Parents.FirstOrDefault() is Command { Name: "jobs" }
        ? "jobs already submitted keep running on the platform; rerun the same command with the same --out to continue (finished jobs are not redone)"
        : "stopped; nothing was left running";

    /// <summary>All parse errors in one line, with the closest names for a mistyped command or option.</summary>
    private static string ParseErrorLine(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var path = string.Join(" ", CommandPath(command));
        if (parse.UnmatchedTokens.Count > 0)
        {
            var typed = parse.UnmatchedTokens[0];
            var kind = typed.StartsWith('-') ? "option" : command.Subcommands.Count > 0 ? "command" : "argument";
            var close = Suggestions.For(typed, command);
            var hint = close.Count > 0 ? $"; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?" : ".";
            return $"error: unknown {kind} '{typed}' for '{path}'{hint} See '{path} --help'.";
        }

        var messages = parse.Errors.Select(e => e.Message.TrimEnd('.')).Distinct();
        return $"error: {string.Join("; ", messages)}. See '{path} --help'.";
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? symbol = command; symbol is not null; symbol = symbol.Parents.FirstOrDefault())
        {
            names.Push(symbol is RootCommand ? "release0" : symbol.Name);
        }

        return names;
    }
}

/// <summary>The user's input to a command is unusable; the message says how to fix it.</summary>
internal sealed class CliInputException : Exception
{
    public CliInputException(string message)
        : base(message)
    {
    }
}
