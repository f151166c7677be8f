namespace Release0.HelpGen;

/// <summary>A cmdlet as its metadata declares it: what help's SYNTAX, PARAMETERS, INPUTS and OUTPUTS show.</summary>
internal sealed record CmdletInfo(
    string Name,
    string? DefaultSet,
    bool SupportsShouldProcess,
    IReadOnlyList<CmdletParameter> Parameters,
    IReadOnlyList<string> OutputTypes)
{
    public const string AllSets = "__AllParameterSets";

    public string Verb => Name.Split('-')[0];

    public string Noun => Name.Split('-')[1];

    /// <summary>The explicit parameter sets, default first; one unnamed set when there are none.</summary>
    public IReadOnlyList<string> Sets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.Set).Where(s => s != AllSets).Distinct().ToList();
            if (named.Count == 0)
            {
                return [AllSets];
            }

            return named.OrderBy(s => s == DefaultSet ? 0 : 1).ToList();
        }
    }

    /// <summary>The parameters of one set in the order PowerShell shows them: positional first, by position.</summary>
    public IReadOnlyList<(CmdletParameter Parameter, SetMembership Membership)> InSet(string set) => Parameters
        .Select(p => (Parameter: p, Membership: p.Sets.FirstOrDefault(s => s.Set == set) ?? p.Sets.FirstOrDefault(s => s.Set == AllSets)))
        .Where(x => x.Membership is not null)
        .Select(x => (x.Parameter, x.Membership!))
        .OrderBy(x => x.Item2.Position ?? int.MaxValue)
        .ToList();
}

/// <summary>One parameter; <see cref="TypeName"/> is the short name help shows (String[], SwitchParameter).</summary>
internal sealed record CmdletParameter(
    string Name,
    string TypeName,
    string TypeFullName,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> ValidValues,
    IReadOnlyList<SetMembership> Sets)
{
    public bool IsSwitch => TypeName == "SwitchParameter";

    public bool ByValue => Sets.Any(s => s.ByValue);

    public bool ByPropertyName => Sets.Any(s => s.ByPropertyName);
}

/// <summary>How a parameter takes part in one parameter set.</summary>
internal sealed record SetMembership(string Set, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName)
{
    /// <summary>MAML's pipelineInput text, as Get-Help prints it.</summary>
    public string PipelineInput => (ByValue, ByPropertyName) switch
    {
        (true, true) => "True (ByPropertyName, ByValue)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };
}
