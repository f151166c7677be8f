using System.Xml.Linq;

namespace Release0.PowerShell.Tests;

/// <summary>The generated help, read back and compared with the cmdlets' metadata read independently.</summary>
public sealed class HelpTests
{
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    [Fact]
    public void Syntax_has_one_item_per_parameter_set_with_each_parameters_position_requirement_and_pipeline_input()
    {
        using var module = BuiltModule.Load();
        var help = Help();

        foreach (var (name, type) in module.Cmdlets())
        {
            var parameters = CmdletMetadataTests.Parameters(type);
            var sets = parameters.SelectMany(p => p.Sets).Select(s => s.Name).Where(s => s != "__AllParameterSets").Distinct().DefaultIfEmpty("__AllParameterSets").ToList();
            var items = help[name].Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
            Assert.Equal(sets.Count, items.Count);

            foreach (var set in sets)
            {
                var expected = parameters
                    .Select(p => (p.Name, Membership: p.Sets.FirstOrDefault(s => s.Name == set) ?? p.Sets.FirstOrDefault(s => s.Name == "__AllParameterSets")))
                    .Where(p => p.Membership is not null)
                    .ToDictionary(p => p.Name, p => p.Membership!);
                var item = Assert.Single(items, i => ParameterNames(i).SetEquals(expected.Keys));
                foreach (var parameter in item.Elements(Command + "parameter").Where(p => expected.ContainsKey(NameOf(p))))
                {
                    var membership = expected[NameOf(parameter)];
                    var where = $"{name} set {set} -{NameOf(parameter)}";
                    Assert.True((membership.Position >= 0 ? membership.Position.ToString() : "named") == parameter.Attribute("position")!.Value, where + ": position");
                    Assert.True((membership.Mandatory ? "true" : "false") == parameter.Attribute("required")!.Value, where + ": required");
                    Assert.True(membership.FromPipeline == parameter.Attribute("pipelineInput")!.Value.Contains("ByValue"), where + ": pipeline by value");
                    Assert.True(membership.ByPropertyName == parameter.Attribute("pipelineInput")!.Value.Contains("ByPropertyName"), where + ": pipeline by property name");
                }
            }
        }
    }

    [Fact]
    public void Outputs_come_from_OutputType_and_inputs_from_the_pipeline_parameters()
    {
        using var module = BuiltModule.Load();
        var help = Help();

        foreach (var (name, type) in module.Cmdlets())
        {
            var declared = type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute")
                .SelectMany(a => ((IEnumerable<System.Reflection.CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => ((Type)v.Value!).FullName!))
                .Where(n => n != "System.Void").ToHashSet();
            var documented = help[name].Descendants(Command + "returnValue").Select(r => r.Element(Dev + "type")!.Element(Maml + "name")!.Value).ToHashSet();
            Assert.True(declared.SetEquals(documented), $"{name}: outputs {string.Join(", ", documented)} vs {string.Join(", ", declared)}");

            var byValue = CmdletMetadataTests.Parameters(type).Where(p => p.Sets.Any(s => s.FromPipeline)).Select(p => p.Type.FullName!).ToHashSet();
            var inputs = help[name].Descendants(Command + "inputType").Select(r => r.Element(Dev + "type")!.Element(Maml + "name")!.Value).ToHashSet();
            Assert.True(byValue.IsSubsetOf(inputs), $"{name}: inputs {string.Join(", ", inputs)} lack some of {string.Join(", ", byValue)}");
        }
    }

    [Fact]
    public void Positional_AgentId_and_aliases_are_documented_and_links_name_real_cmdlets()
    {
        using var module = BuiltModule.Load();
        var help = Help();
        var cmdlets = module.Cmdlets().Keys.ToHashSet();

        var agentId = help["Start-AgentChat"].Element(Command + "parameters")!.Elements(Command + "parameter").Single(p => NameOf(p) == "AgentId");
        Assert.Equal("0", agentId.Attribute("position")!.Value);
        Assert.Equal("PublicId", agentId.Attribute("aliases")!.Value);
        foreach (var (name, entry) in help)
        {
            var links = entry.Descendants(Maml + "linkText").Select(l => l.Value).ToList();
            Assert.NotEmpty(links);
            Assert.All(links, l => Assert.Contains(l, cmdlets));
        }
    }

    private static Dictionary<string, XElement> Help() =>
        XDocument.Load(Path.Combine(BuiltModule.ModuleFolder, "en-US", "Release0.PowerShell.dll-Help.xml"))
            .Descendants(Command + "command")
            .ToDictionary(c => c.Element(Command + "details")!.Element(Command + "name")!.Value);

    private static HashSet<string> ParameterNames(XElement syntaxItem) =>
        syntaxItem.Elements(Command + "parameter").Select(NameOf).Except(["WhatIf", "Confirm"]).ToHashSet();

    private static string NameOf(XElement parameter) => parameter.Element(Maml + "name")!.Value;
}
