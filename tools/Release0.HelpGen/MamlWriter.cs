using System.Xml.Linq;

namespace Release0.HelpGen;

/// <summary>Writes MAML, the XML help format Get-Help reads for compiled cmdlets.</summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    // PowerShell adds these to every cmdlet that declares SupportsShouldProcess; help lists them like platyPS does.
    private static readonly CmdletParameter WhatIf = new("WhatIf", "SwitchParameter", "System.Management.Automation.SwitchParameter", ["wi"], [], [new(CmdletInfo.AllSets, false, null, false, false)]);
    private static readonly CmdletParameter Confirm = new("Confirm", "SwitchParameter", "System.Management.Automation.SwitchParameter", ["cf"], [], [new(CmdletInfo.AllSets, false, null, false, false)]);
    private static readonly IReadOnlyList<string> WhatIfText = ["Shows what would happen if the cmdlet runs. The cmdlet is not run."];
    private static readonly IReadOnlyList<string> ConfirmText = ["Prompts you for confirmation before running the cmdlet."];

    public static XDocument Write(IEnumerable<(CmdletInfo Cmdlet, HelpSource Source)> help) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement(
            Msh + "helpItems",
            new XAttribute("schema", "maml"),
            help.Select(h => CommandElement(h.Cmdlet, h.Source))));

    private static XElement CommandElement(CmdletInfo cmdlet, HelpSource source)
    {
        var parameters = cmdlet.Parameters.ToList();
        if (cmdlet.SupportsShouldProcess)
        {
            parameters.AddRange([WhatIf, Confirm]);
        }

        return new XElement(
            Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(
                Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                Description(source.Synopsis),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun)),
            Description(source.Description),
            new XElement(Command + "syntax", cmdlet.Sets.Select(set => SyntaxItem(cmdlet, set, source))),
            new XElement(Command + "parameters", parameters.Select(p => Parameter(p, Membership(p), Text(p, source)))),
            new XElement(Command + "inputTypes", Inputs(cmdlet)),
            new XElement(Command + "returnValues", cmdlet.OutputTypes.Select(t => new XElement(Command + "returnValue", Type(t), Description([])))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", source.Notes.Select(Para))),
            new XElement(Command + "examples", source.Examples.Select(Example)),
            new XElement(Maml + "relatedLinks", source.RelatedLinks.Select(l => new XElement(
                Maml + "navigationLink",
                new XElement(Maml + "linkText", l),
                new XElement(Maml + "uri", l.StartsWith("http", StringComparison.Ordinal) ? l : string.Empty)))));
    }

    private static XElement SyntaxItem(CmdletInfo cmdlet, string set, HelpSource source)
    {
        var members = cmdlet.InSet(set).ToList();
        if (cmdlet.SupportsShouldProcess)
        {
            members.AddRange([(WhatIf, WhatIf.Sets[0]), (Confirm, Confirm.Sets[0])]);
        }

        return new XElement(
            Command + "syntaxItem",
            new XElement(Maml + "name", cmdlet.Name),
            members.Select(m => Parameter(m.Parameter, m.Membership, Text(m.Parameter, source))));
    }

    private static XElement Parameter(CmdletParameter parameter, SetMembership membership, IReadOnlyList<string> text) => new(
        Command + "parameter",
        new XAttribute("required", membership.Mandatory ? "true" : "false"),
        new XAttribute("variableLength", parameter.TypeName.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
        new XAttribute("globbing", "false"),
        new XAttribute("pipelineInput", membership.PipelineInput),
        new XAttribute("position", membership.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
        new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
        new XElement(Maml + "name", parameter.Name),
        Description(text),
        parameter.ValidValues.Count == 0 ? null : new XElement(
            Command + "parameterValueGroup",
            parameter.ValidValues.Select(v => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))),
        parameter.IsSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), parameter.TypeName),
        Type(parameter.TypeFullName),
        new XElement(Dev + "defaultValue", parameter.IsSwitch ? "False" : DefaultIn(text) ?? "None"));

    /// <summary>
    /// A default the help prose states as "(default X)": the metadata cannot say, since an initializer's
    /// value is code, and a default the prose does not state should not be shown as one.
    /// </summary>
    private static string? DefaultIn(IReadOnlyList<string> text) =>
        text.Select(line => System.Text.RegularExpressions.Regex.Match(line, @"\(default ([^)]+)\)")).FirstOrDefault(m => m.Success)?.Groups[1].Value;

    /// <summary>The parameters section shows one entry per parameter: required only if it is in every set it belongs to.</summary>
    private static SetMembership Membership(CmdletParameter parameter) => new(
        parameter.Sets[0].Set,
        parameter.Sets.All(s => s.Mandatory),
        parameter.Sets.Select(s => s.Position).FirstOrDefault(p => p is not null),
        parameter.ByValue,
        parameter.ByPropertyName);

    private static IEnumerable<XElement> Inputs(CmdletInfo cmdlet)
    {
        foreach (var byValue in cmdlet.Parameters.Where(p => p.ByValue).GroupBy(p => p.TypeFullName))
        {
            var names = string.Join(", ", byValue.Select(p => "-" + p.Name));
            yield return new XElement(Command + "inputType", Type(byValue.Key), Description([$"Binds to {names} from the pipeline."]));
        }

        var byName = cmdlet.Parameters.Where(p => p.ByPropertyName).Select(p => p.Name).ToList();
        if (byName.Count > 0)
        {
            var properties = string.Join(", ", byName);
            yield return new XElement(Command + "inputType", Type("System.Management.Automation.PSObject"), Description([$"Any object with a property named {properties} binds to the parameter of that name."]));
        }
    }

    private static XElement Example(HelpExample example) => new(
        Command + "example",
        new XElement(Maml + "title", $"-------------------------- {example.Title} --------------------------"),
        new XElement(Dev + "code", example.Code),
        new XElement(Dev + "remarks", example.Remarks.Select(Para)));

    private static IReadOnlyList<string> Text(CmdletParameter parameter, HelpSource source) => parameter.Name switch
    {
        "WhatIf" when ReferenceEquals(parameter, WhatIf) => WhatIfText,
        "Confirm" when ReferenceEquals(parameter, Confirm) => ConfirmText,
        _ => source.Parameters.TryGetValue(parameter.Name, out var text) ? text : [],
    };

    private static XElement Type(string fullName) => new(Dev + "type", new XElement(Maml + "name", fullName), new XElement(Maml + "uri"));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", paragraphs.Select(Para));

    private static XElement Para(string text) => new(Maml + "para", text);
}
