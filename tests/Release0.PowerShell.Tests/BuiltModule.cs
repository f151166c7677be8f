using System.Reflection;
using System.Text.RegularExpressions;

namespace Release0.PowerShell.Tests;

/// <summary>
/// The laid-out module folder, read the way PowerShell would see it but without PowerShell: the
/// cmdlet assembly through a MetadataLoadContext (against PowerShellStandard's reference assembly),
/// the manifest as text.
/// </summary>
internal sealed class BuiltModule : IDisposable
{
    private BuiltModule(string folder, MetadataLoadContext context, Assembly assembly, Assembly automation)
    {
        Folder = folder;
        Context = context;
        Assembly = assembly;
        Automation = automation;
    }

    public static string RepoRoot => Path.GetFullPath(Metadata("RepoRoot"));

    public static string ModuleFolder => Path.Combine(RepoRoot, "artifacts", "module", "Release0");

    /// <summary>The build configuration these tests were built in (Debug or Release).</summary>
    public static string Configuration => Metadata("Configuration");

    /// <summary>PowerShellStandard's System.Management.Automation (a reference build, loadable for reflection).</summary>
    public static string AutomationReference => Path.Combine(Metadata("NuGetPackageRoot"), "powershellstandard.library", "5.1.0-preview-06", "lib", "netstandard2.0", "System.Management.Automation.dll");

    public string Folder { get; }

    public MetadataLoadContext Context { get; }

    public Assembly Assembly { get; }

    /// <summary>PowerShellStandard's System.Management.Automation, for attribute and enum checks.</summary>
    public Assembly Automation { get; }

    public string Manifest => File.ReadAllText(Path.Combine(Folder, "Release0.psd1"));

    public static BuiltModule Load()
    {
        var packages = Metadata("NuGetPackageRoot");
        var automation = AutomationReference;
        var netstandard = Directory.GetFiles(Path.Combine(packages, "netstandard.library", "2.0.3", "build", "netstandard2.0", "ref"), "*.dll");
        var dependencies = Directory.GetFiles(Path.Combine(ModuleFolder, "dependencies", "Desktop"), "*.dll");
        var module = Path.Combine(ModuleFolder, "Release0.PowerShell.dll");
        var resolver = new PathAssemblyResolver(netstandard.Concat(dependencies).Append(automation).Append(module));
        var context = new MetadataLoadContext(resolver, "netstandard");
        return new BuiltModule(ModuleFolder, context, context.LoadFromAssemblyPath(module), context.LoadFromAssemblyName("System.Management.Automation"));
    }

    /// <summary>The names in one of the manifest's @(...) lists.</summary>
    public IReadOnlyList<string> ManifestList(string key)
    {
        var match = Regex.Match(Manifest, key + @"\s*=\s*@\(([^)]*)\)", RegexOptions.Singleline);
        Assert.True(match.Success, $"the manifest has no {key} list");
        return Regex.Matches(match.Groups[1].Value, "'([^']*)'").Select(m => m.Groups[1].Value).ToList();
    }

    public string ManifestValue(string key)
    {
        var match = Regex.Match(Manifest, key + @"\s*=\s*'([^']*)'");
        Assert.True(match.Success, $"the manifest has no {key} value");
        return match.Groups[1].Value;
    }

    /// <summary>Cmdlet classes with their Verb-Noun names.</summary>
    public IReadOnlyDictionary<string, Type> Cmdlets() => Assembly.GetTypes()
        .Select(t => (Type: t, Attribute: t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute")))
        .Where(x => x.Attribute is not null)
        .ToDictionary(x => $"{x.Attribute!.ConstructorArguments[0].Value}-{x.Attribute.ConstructorArguments[1].Value}", x => x.Type);

    public void Dispose() => Context.Dispose();

    private static string Metadata(string key) =>
        typeof(BuiltModule).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
