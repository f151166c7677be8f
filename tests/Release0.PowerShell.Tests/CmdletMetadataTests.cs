using System.Reflection;

namespace Release0.PowerShell.Tests;

/// <summary>Parameter-set and attribute checks that PowerShell would otherwise only report at run time.</summary>
public sealed class CmdletMetadataTests
{
    private static readonly HashSet<string> ApprovedVerbs = ["Connect", "Disconnect", "Get", "Start", "Send", "Submit", "Wait", "Stop", "Receive", "Invoke"];

    [Fact]
    public void Every_cmdlet_is_sealed_uses_an_approved_verb_and_declares_its_output()
    {
        using var module = BuiltModule.Load();

        foreach (var (name, type) in module.Cmdlets())
        {
            Assert.True(type.IsSealed, $"{name} is not sealed");
            Assert.Contains(name.Split('-')[0], ApprovedVerbs);
            Assert.Contains(type.GetCustomAttributesData(), a => a.AttributeType.Name == "OutputTypeAttribute");
        }
    }

    [Fact]
    public void Parameter_sets_are_consistent()
    {
        using var module = BuiltModule.Load();

        foreach (var (name, type) in module.Cmdlets())
        {
            var declared = Parameters(type).SelectMany(p => p.Sets.Select(s => (Set: s.Name, Parameter: p, s.Position, s.FromPipeline))).ToList();
            var explicitSets = declared.Select(d => d.Set).Where(s => s != AllSets).Distinct().ToList();
            if (DefaultSet(type) is { } defaultSet)
            {
                Assert.Contains(defaultSet, explicitSets);
            }

            foreach (var set in explicitSets.DefaultIfEmpty(AllSets))
            {
                var inSet = declared.Where(d => d.Set == set || d.Set == AllSets).ToList();
                var positions = inSet.Where(d => d.Position >= 0).Select(d => d.Position).ToList();
                Assert.True(positions.Count == positions.Distinct().Count(), $"{name} set {set}: two parameters share a position");

                // Two pipeline parameters in one set must differ in type, or PowerShell cannot tell them apart.
                var pipelineTypes = inSet.Where(d => d.FromPipeline).Select(d => d.Parameter.Type.FullName).ToList();
                Assert.True(pipelineTypes.Count == pipelineTypes.Distinct().Count(), $"{name} set {set}: pipeline parameters of the same type");
            }
        }
    }

    [Theory]
    [InlineData("Start-AgentChat")]
    [InlineData("Send-AgentMessage")]
    [InlineData("Submit-BatchMessage")]
    public void Cmdlets_that_create_or_spend_support_WhatIf_with_low_impact(string name)
    {
        using var module = BuiltModule.Load();
        var cmdlet = module.Cmdlets()[name].GetCustomAttributesData().Single(a => a.AttributeType.Name == "CmdletAttribute");

        Assert.Contains(cmdlet.NamedArguments, a => a.MemberName == "SupportsShouldProcess" && (bool)a.TypedValue.Value! == true);
        Assert.Contains(cmdlet.NamedArguments, a => a.MemberName == "ConfirmImpact" && (int)a.TypedValue.Value! == 1);
    }

    [Fact]
    public void Send_agent_message_takes_sessions_strings_and_objects_with_a_SessionId_in_one_set()
    {
        using var module = BuiltModule.Load();
        var parameters = Parameters(module.Cmdlets()["Send-AgentMessage"]);

        var byValue = parameters.Where(p => p.Sets.Any(s => s.Name == "Session" && s.FromPipeline)).Select(p => p.Name).OrderBy(n => n);
        var byName = parameters.Where(p => p.Sets.Any(s => s.Name == "Session" && s.ByPropertyName)).Select(p => p.Name).OrderBy(n => n);
        Assert.Equal(["Message", "Session"], byValue);
        Assert.Equal(["Message", "SessionId"], byName);

        // PowerShell settles on a set before it sees the pipeline object, preferring one with a mandatory
        // pipeline parameter: none may exist, and nothing in the session set is mandatory.
        Assert.DoesNotContain(parameters.SelectMany(p => p.Sets), s => s.Name == "Session" && s.Mandatory);
        Assert.DoesNotContain(parameters.SelectMany(p => p.Sets), s => s.Mandatory && (s.FromPipeline || s.ByPropertyName));
        Assert.Contains(parameters.Single(p => p.Name == "Message").Sets, s => s.Name == "Slug" && !s.ByPropertyName);
    }

    private const string AllSets = "__AllParameterSets";

    internal sealed record SetMembership(string Name, int Position, bool FromPipeline, bool ByPropertyName, bool Mandatory);

    internal sealed record CmdletParameter(string Name, Type Type, IReadOnlyList<SetMembership> Sets);

    internal static IReadOnlyList<CmdletParameter> Parameters(Type cmdlet) => cmdlet.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => new CmdletParameter(p.Name, p.PropertyType, p.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ParameterAttribute").Select(Membership).ToList()))
        .Where(p => p.Sets.Count > 0)
        .ToList();

    private static SetMembership Membership(CustomAttributeData attribute)
    {
        T Named<T>(string member, T fallback) => attribute.NamedArguments.Where(a => a.MemberName == member).Select(a => (T)a.TypedValue.Value!).DefaultIfEmpty(fallback).First();
        return new SetMembership(Named("ParameterSetName", AllSets), Named("Position", int.MinValue), Named("ValueFromPipeline", false), Named("ValueFromPipelineByPropertyName", false), Named("Mandatory", false));
    }

    private static string? DefaultSet(Type cmdlet) => cmdlet.GetCustomAttributesData()
        .Single(a => a.AttributeType.Name == "CmdletAttribute")
        .NamedArguments.Where(a => a.MemberName == "DefaultParameterSetName").Select(a => (string?)a.TypedValue.Value).FirstOrDefault();
}
