using System.CommandLine;
using Release0.Core.Connection;
using Release0.Core.Messages;

namespace Release0.Cli;

/// <summary>
/// Options shared by several commands, and the connection they describe. Each command adds only
/// the ones that mean something to it (the sandbox takes no --base-uri, a wait has its own --timeout).
/// </summary>
internal sealed class GlobalOptions
{
    public Option<string?> BaseUri { get; } = new("--base-uri")
    {
        Description = $"Platform base URI (default: ${Release0ConnectionOptions.BaseUriVariable}, else {Release0ConnectionOptions.DefaultBaseUri})",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"API token (default: ${Release0ConnectionOptions.TokenVariable}; prefer the variable, command lines are visible to other users)",
    };

    /// <summary>For calls: the longest one request (all retries included) may take.</summary>
    public Option<string?> Timeout { get; } = new("--timeout")
    {
        Description = "Give up on the platform after this long, retries included (e.g. 10s, 2m; default 2m, 30s per attempt, 60s of silence in a stream)",
    };

    public Option<int?> Retries { get; } = new("--retries")
    {
        Description = "Retries of a failed call that is safe to repeat, 0 to 10 (default 3)",
    };

    public Option<double?> MaxRate { get; } = new("--max-rate")
    {
        Description = "Calls per second never exceeded, if you know the platform's limit for your token (default: learned from the platform's 429 answers)",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON object instead of readable text",
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show each HTTP call (method, URI, status, timing) and each retry on stderr",
    };

    public Option<bool> Quiet { get; } = new("--quiet")
    {
        Description = "Do not show what is being waited for (retries, polls) on stderr",
    };

    public GlobalOptions()
    {
        WholeNumberOptions.Accept(Retries, 0, 10, typed => $"--retries '{typed}' is not a whole number from 0 to 10");
        MaxRate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } rate && !(rate is >= Release0ConnectionOptions.MinMaxRate and <= Release0ConnectionOptions.MaxMaxRate))
            {
                result.AddError($"--max-rate must be between {Release0ConnectionOptions.MinMaxRate:0.####} and {Release0ConnectionOptions.MaxMaxRate:0} calls per second (for example 20).");
            }
        });
    }

    /// <summary>Adds what a command that calls the platform takes; <paramref name="timeout"/> false where the command has a --timeout of its own.</summary>
    public void AddNetworkTo(Command command, bool timeout = true)
    {
        command.Add(BaseUri);
        command.Add(Token);
        if (timeout)
        {
            command.Add(Timeout);
        }

        command.Add(Retries);
        command.Add(MaxRate);
        AddOutputTo(command);
    }

    public void AddOutputTo(Command command)
    {
        command.Add(Json);
        command.Add(Verbose);
        command.Add(Quiet);
    }

    /// <summary>Explicit options win over the environment; the result is validated.</summary>
    /// <param name="callTimeout">A limit the command read from an option of its own.</param>
    public Release0Connection Connect(ParseResult parse, CliContext context, TimeSpan? callTimeout = null)
    {
        var options = Release0ConnectionOptions.FromEnvironment(context.GetVariable);
        if (parse.GetValue(BaseUri) is { } baseUri)
        {
            options.BaseUri = Release0ConnectionOptions.ParseBaseUri(baseUri, "--base-uri");
        }

        if (parse.GetValue(Token) is { } token)
        {
            options.ApiToken = token.Trim();
        }

        if ((callTimeout ?? CallTimeout(parse)) is { } limit)
        {
            options.Deadline = limit;
            options.AttemptTimeout = limit < options.AttemptTimeout ? limit : options.AttemptTimeout;
        }

        if (parse.GetValue(Retries) is { } retries)
        {
            options.MaxRetries = retries;
        }

        if (parse.CommandResult.Command.Options.Contains(MaxRate))
        {
            options.MaxRate = parse.GetValue(MaxRate);
        }

        var connection = new Release0Connection(options, context.Log(parse.GetValue(Verbose)), waits: context.Waits(parse.GetValue(Quiet)));
        if (parse.GetValue(Token) is not null)
        {
            context.Error.WriteLine($"warning: a token given with --token is visible to other users of this machine (ps, shell history); prefer the {Release0ConnectionOptions.TokenVariable} variable.");
        }

        return connection;
    }

    /// <summary>How a streamed reply is read: held whole only when it is printed as JSON; --timeout also bounds silence.</summary>
    public AgentStreamOptions StreamOptions(ParseResult parse)
    {
        var options = new AgentStreamOptions { KeepText = parse.GetValue(Json) };
        if (CallTimeout(parse) is { } limit && limit < options.IdleTimeout)
        {
            options.IdleTimeout = limit;
        }

        return options;
    }

    private TimeSpan? CallTimeout(ParseResult parse) =>
        parse.CommandResult.Command.Options.Contains(Timeout) && parse.GetValue(Timeout) is { } text ? DurationParser.Parse(text, "--timeout") : null;
}
