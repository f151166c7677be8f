using System.Reflection;
using System.Runtime.Loader;

namespace Release0.Deploy.Tests;

/// <summary>
/// Runs the published app's own settings readers (<c>JobHostSettings.From</c> and
/// <c>Release0ConnectionOptions.FromEnvironment</c>, what Program.cs calls at startup) on a set of app
/// settings, recording every name they ask for. The assemblies come from the publish folder, found by
/// type name, so the check follows the code wherever in the app it lives.
/// </summary>
internal sealed class PublishedSettingsReader : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly IReadOnlyList<Assembly> _assemblies;

    public PublishedSettingsReader(string folder)
    {
        _context = new AssemblyLoadContext("published-functions-app", isCollectible: true);
        _context.Resolving += (context, name) =>
        {
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
        _assemblies = new[] { "Release0.Core.dll", "Release0.Functions.dll" }
            .Select(file => _context.LoadFromAssemblyPath(Path.Combine(folder, file)))
            .ToList();
    }

    /// <summary>What the app makes of <paramref name="settings"/>, and every setting name it read (as name__key).</summary>
    public (object Host, object Connection, IReadOnlySet<string> Read) Read(IReadOnlyDictionary<string, string> settings)
    {
        var read = new SortedSet<string>(StringComparer.Ordinal);
        Func<string, string?> get = name =>
        {
            // Configuration sees name__key as name:key; the app asks in either form.
            var key = name.Replace(":", "__", StringComparison.Ordinal);
            read.Add(key);
            return settings.TryGetValue(key, out var value) ? value : null;
        };

        var host = Invoke("JobHostSettings", "From", get);
        var connection = Invoke("Release0ConnectionOptions", "FromEnvironment", get);
        return (host, connection, read);
    }

    /// <summary>A property path such as <c>Storage.ClientId</c> on an object from <see cref="Read"/>.</summary>
    public static object? Property(object target, string path)
    {
        object? value = target;
        foreach (var name in path.Split('.'))
        {
            value = value!.GetType().GetProperty(name)!.GetValue(value);
        }

        return value;
    }

    public void Dispose() => _context.Unload();

    private object Invoke(string typeName, string method, Func<string, string?> get)
    {
        var type = _assemblies.SelectMany(Types).Single(t => t.Name == typeName && t.IsPublic);
        try
        {
            return type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [get])!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw new Xunit.Sdk.XunitException($"the published app refuses these settings: {ex.InnerException.Message}");
        }
    }

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
