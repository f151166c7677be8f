using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Release0.PowerShell.Decisions;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Tab completion from <see cref="CompletionHistory"/>; one small class per kind, as [ArgumentCompleter] needs a type.</summary>
public abstract class HistoryCompleter : IArgumentCompleter
{
    private readonly CompletionKind _kind;

    private protected HistoryCompleter(CompletionKind kind) => _kind = kind;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionHistory.Complete(_kind, wordToComplete).Select(v => new CompletionResult(
            Quote(v.Value),
            v.Value,
            CompletionResultType.ParameterValue,
            v.Note is null ? v.Value : $"{v.Value} ({v.Note})"));

    // Ids never hold quotes, but may hold characters PowerShell would read as syntax.
    private static string Quote(string value) => value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.') ? value : $"'{value}'";
}

public sealed class SessionIdCompleter : HistoryCompleter
{
    public SessionIdCompleter()
        : base(CompletionKind.SessionId)
    {
    }
}

public sealed class AgentIdCompleter : HistoryCompleter
{
    public AgentIdCompleter()
        : base(CompletionKind.AgentId)
    {
    }
}

public sealed class SlugCompleter : HistoryCompleter
{
    public SlugCompleter()
        : base(CompletionKind.Slug)
    {
    }
}

public sealed class BatchJobIdCompleter : HistoryCompleter
{
    public BatchJobIdCompleter()
        : base(CompletionKind.BatchJobId)
    {
    }
}
