using System.Collections.ObjectModel;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Release0.HelpGen;

/// <summary>
/// Reads the cmdlets of a built module DLL without loading it for execution: through a
/// MetadataLoadContext, so PowerShell's own assembly need only be a reference assembly.
/// </summary>
internal static class CmdletReader
{
    private const string Automation = "System.Management.Automation.";

    public static IReadOnlyList<CmdletInfo> Read(string moduleDll, IEnumerable<string> references)
    {
        var paths = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(references)
            .Append(moduleDll)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Last());
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        var assembly = context.LoadFromAssemblyPath(moduleDll);
        return assembly.GetExportedTypes()
            .Select(t => (Type: t, Cmdlet: Attribute(t.GetCustomAttributesData(), "CmdletAttribute")))
            .Where(x => x.Cmdlet is not null && !x.Type.IsAbstract)
            .Select(x => ReadCmdlet(x.Type, x.Cmdlet!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static CmdletInfo ReadCmdlet(Type type, CustomAttributeData cmdlet)
    {
        var name = $"{cmdlet.ConstructorArguments[0].Value}-{cmdlet.ConstructorArguments[1].Value}";
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(ReadParameter)
            .OfType<CmdletParameter>()
            .ToList();
        var outputs = type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Automation + "OutputTypeAttribute")
            .SelectMany(a => Values(a.ConstructorArguments[0]))
            .Select(v => v is Type t ? t.FullName! : (string)v!)
            .Where(n => n != "System.Void")
            .Distinct()
            .ToList();
        return new CmdletInfo(
            name,
            Named<string?>(cmdlet, "DefaultParameterSetName", null),
            Named(cmdlet, "SupportsShouldProcess", false),
            parameters,
            outputs);
    }

    private static CmdletParameter? ReadParameter(PropertyInfo property)
    {
        var attributes = property.GetCustomAttributesData();
        var sets = attributes.Where(a => a.AttributeType.FullName == Automation + "ParameterAttribute")
            .Select(a => new SetMembership(
                Named(a, "ParameterSetName", CmdletInfo.AllSets),
                Named(a, "Mandatory", false),
                Named(a, "Position", int.MinValue) is var position && position == int.MinValue ? null : position,
                Named(a, "ValueFromPipeline", false),
                Named(a, "ValueFromPipelineByPropertyName", false)))
            .ToList();
        if (sets.Count == 0)
        {
            return null;
        }

        var aliases = Attribute(attributes, "AliasAttribute") is { } alias ? Values(alias.ConstructorArguments[0]).Cast<string>().ToList() : [];
        var validValues = Attribute(attributes, "ValidateSetAttribute") is { } set ? Values(set.ConstructorArguments[0]).Cast<string>().ToList() : [];
        return new CmdletParameter(property.Name, ShortName(property.PropertyType), FullName(property.PropertyType), aliases, validValues, sets);
    }

    private static CustomAttributeData? Attribute(IEnumerable<CustomAttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => a.AttributeType.FullName == Automation + name);

    private static T Named<T>(CustomAttributeData attribute, string member, T fallback) => attribute.NamedArguments
        .Where(a => a.MemberName == member)
        .Select(a => (T)a.TypedValue.Value!)
        .DefaultIfEmpty(fallback)
        .First();

    // params arrays arrive as a collection of typed arguments; a single value as itself.
    private static IEnumerable<object?> Values(CustomAttributeTypedArgument argument) =>
        argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : [argument.Value];

    private static string ShortName(Type type) => type.IsArray
        ? ShortName(type.GetElementType()!) + "[]"
        : Underlying(type) is { } inner ? ShortName(inner) : type.Name;

    private static string FullName(Type type) =>
        Underlying(type) is { } inner ? FullName(inner) : type.FullName ?? type.Name;

    // Nullable.GetUnderlyingType compares with the runtime's Nullable<>, never equal to a metadata-only type.
    private static Type? Underlying(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : null;
}
