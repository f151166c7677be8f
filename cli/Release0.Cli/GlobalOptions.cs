using System.CommandLine;
using Release0.Core.Connection;

namespace Release0.Cli;

/// <summary>Options every command accepts, and the connection they describe.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> BaseUri { get; } = new("--base-uri")
    {
        Description = $"Platform base URI (default: ${Release0ConnectionOptions.BaseUriVariable}, else {Release0ConnectionOptions.DefaultBaseUri})",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"API token (default: ${Release0ConnectionOptions.TokenVariable}; prefer the variable, command lines are visible to other users)",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON object instead of readable text",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show each HTTP call (method, URI, status, timing) on stderr",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Add(BaseUri);
        root.Add(Token);
        root.Add(Json);
        root.Add(Verbose);
    }

    /// <summary>Explicit options win over the environment; the result is validated.</summary>
    public Release0Connection Connect(ParseResult parse, CliContext context)
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

        return new Release0Connection(options, context.Log(parse.GetValue(Verbose)));
    }
}
