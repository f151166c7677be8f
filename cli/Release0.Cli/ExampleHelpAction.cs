using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Release0.Cli;

/// <summary>The standard help, followed by the command's examples.</summary>
internal sealed class ExampleHelpAction : SynchronousCommandLineAction
{
    private readonly HelpAction _help;
    private readonly IReadOnlyDictionary<Command, string[]> _examples;

    public ExampleHelpAction(HelpAction help, IReadOnlyDictionary<Command, string[]> examples)
    {
        _help = help;
        _examples = examples;
    }

    public override int Invoke(ParseResult parseResult)
    {
        var exit = _help.Invoke(parseResult);
        if (_examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(examples.Length == 1 ? "Example:" : "Examples:");
            foreach (var example in examples)
            {
                output.WriteLine("  " + example);
            }

            output.WriteLine();
        }

        return exit;
    }
}
