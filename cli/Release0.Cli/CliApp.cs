using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Release0.Cli.Commands;
using Release0.Core.Connection;
using Release0.Core.Http;

namespace Release0.Cli;

/// <summary>The <c>release0</c> command tree, and the one place failures become exit codes.</summary>
internal sealed class CliApp
{
    private readonly CliContext _context;
    private readonly GlobalOptions _global = new();

    public CliApp(CliContext context)
    {
        _context = context;
    }

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Drive Release0 chat agents from any shell. Run 'release0 demo' to try it without an account.");
        _global.AddTo(root);
        root.Add(ChatCommands.Create(this));
        root.Add(AskCommand.Create(this));
        root.Add(BatchCommands.Create(this));
        root.Add(JobsCommand.Create(this));
        root.Add(SandboxCommand.Create(this));
        root.Add(DemoCommand.Create(this));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await _context.Error.WriteLineAsync($"error: {error.Message}");
            }

            await _context.Error.WriteLineAsync("Run 'release0 --help' for usage.");
            return ExitCodes.BadInput;
        }

        var invocation = new InvocationConfiguration { Output = _context.Output, Error = _context.Error, EnableDefaultExceptionHandler = false };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    public CliContext Context => _context;

    public GlobalOptions Global => _global;

    public bool Json(ParseResult parse) => parse.GetValue(_global.Json);

    /// <summary>Writes a result as indented JSON to stdout.</summary>
    public Task WriteJsonAsync<T>(T value, JsonTypeInfo<T> typeInfo) =>
        _context.Output.WriteLineAsync(JsonSerializer.Serialize(value, typeInfo));

    /// <summary>
    /// Runs a command body, turning failures into one line on stderr and an exit code:
    /// 1 for the platform, 2 for bad input. Cancellation (Ctrl+C) propagates.
    /// </summary>
    public async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Release0ApiException ex)
        {
            await _context.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.PlatformError;
        }
        catch (Exception ex) when (ex is Release0ConfigurationException or CliInputException)
        {
            await _context.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.BadInput;
        }
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
