using System.Reflection;
using System.Xml.Linq;

namespace Release0.PowerShell.Tests;

public sealed class ModuleLayoutTests
{
    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_the_assembly_defines()
    {
        using var module = BuiltModule.Load();

        Assert.Equal(module.Cmdlets().Keys.OrderBy(n => n), module.ManifestList("CmdletsToExport").OrderBy(n => n));
        Assert.Empty(module.ManifestList("FunctionsToExport"));
        Assert.Empty(module.ManifestList("AliasesToExport"));
    }

    [Fact]
    public void The_manifest_declares_both_editions_and_every_file_it_names_exists()
    {
        using var module = BuiltModule.Load();

        Assert.Equal(["Desktop", "Core"], module.ManifestList("CompatiblePSEditions"));
        Assert.Equal("5.1", module.ManifestValue("PowerShellVersion"));
        Assert.True(File.Exists(Path.Combine(module.Folder, module.ManifestValue("RootModule"))));
        Assert.All(module.ManifestList("FormatsToProcess"), f => Assert.True(File.Exists(Path.Combine(module.Folder, f)), f));
        Assert.True(File.Exists(Path.Combine(module.Folder, "en-US", "Release0.PowerShell.dll-Help.xml")));
        Assert.Contains("ProjectUri", module.Manifest);
        Assert.Contains("ReleaseNotes", module.Manifest);
    }

    [Theory]
    [InlineData("Core", ".NETCoreApp")]
    [InlineData("Desktop", ".NETStandard")]
    public void Each_edition_gets_its_own_build_of_the_core_and_its_dependencies_but_not_PowerShell(string edition, string framework)
    {
        using var module = BuiltModule.Load();
        var folder = Path.Combine(module.Folder, "dependencies", edition);
        var shipped = Directory.GetFiles(folder, "*.dll").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var targetFramework = CoreTargetFramework(Path.Combine(folder, "Release0.Core.dll"));

        Assert.StartsWith(framework, targetFramework);
        Assert.Contains("Polly.Core", shipped);
        Assert.DoesNotContain("System.Management.Automation", shipped);
        Assert.DoesNotContain("Release0.PowerShell", shipped);
    }

    [Fact]
    public void Every_output_type_has_a_format_view()
    {
        using var module = BuiltModule.Load();
        var format = XDocument.Load(Path.Combine(module.Folder, "Release0.Format.ps1xml"));
        var viewed = format.Descendants("TypeName").Select(t => t.Value).ToHashSet();
        var outputs = module.Assembly.GetTypes().Where(t => t.Namespace == "Release0.PowerShell.Output" && t.IsPublic).Select(t => t.FullName!);

        Assert.Equal(outputs.OrderBy(n => n), viewed.OrderBy(n => n));
    }

    [Fact]
    public void Every_output_property_reads_as_text_in_Format_List_star_never_as_a_type_name()
    {
        using var module = BuiltModule.Load();
        var outputs = module.Assembly.GetTypes().Where(t => t.Namespace == "Release0.PowerShell.Output" && t.IsPublic);

        foreach (var property in outputs.SelectMany(t => t.GetProperties()))
        {
            var type = property.PropertyType;
            var shown = type.IsArray ? type.GetElementType()! : type.IsGenericType ? type.GetGenericArguments().Last() : type;
            var readable = shown.Namespace == "System" || shown.IsEnum || shown.GetMethod("ToString", Type.EmptyTypes)!.DeclaringType!.FullName != "System.Object";
            Assert.True(readable, $"{property.DeclaringType!.Name}.{property.Name} ({shown.FullName}) would show as its type name");
        }
    }

    [Fact]
    public void Every_exported_cmdlet_has_help_with_a_synopsis_an_example_and_its_parameters()
    {
        using var module = BuiltModule.Load();
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
        var help = XDocument.Load(Path.Combine(module.Folder, "en-US", "Release0.PowerShell.dll-Help.xml"))
            .Descendants(command + "command")
            .ToDictionary(c => c.Element(command + "details")!.Element(command + "name")!.Value);

        foreach (var (name, type) in module.Cmdlets())
        {
            Assert.True(help.TryGetValue(name, out var entry), $"{name} has no help");
            Assert.False(string.IsNullOrWhiteSpace(entry.Element(command + "details")!.Element(maml + "description")?.Value), $"{name} has no synopsis");
            Assert.NotEmpty(entry.Descendants(command + "example"));
            var documented = entry.Element(command + "parameters")!.Elements(command + "parameter").Select(p => p.Element(maml + "name")!.Value).Except(["WhatIf", "Confirm"]).ToHashSet();
            var declared = CmdletMetadataTests.Parameters(type).Select(p => p.Name).ToHashSet();
            Assert.Equal(declared.OrderBy(n => n), documented.OrderBy(n => n));
        }
    }

    private static string CoreTargetFramework(string path)
    {
        using var context = new MetadataLoadContext(new PathAssemblyResolver(Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Append(path)));
        return context.LoadFromAssemblyPath(path).GetCustomAttributesData()
            .Single(a => a.AttributeType.Name == "TargetFrameworkAttribute").ConstructorArguments[0].Value as string ?? string.Empty;
    }
}
