using System.Collections.Concurrent;
using System.Reflection;

namespace Release0.PowerShell.Hosting;

/// <summary>
/// Loads the module's dependencies (the core, Polly, System.Text.Json, ...) from its
/// <c>dependencies/</c> folder so they cannot collide with the versions PowerShell itself loaded.
/// On PowerShell 7 they go into one isolated AssemblyLoadContext (created by reflection, since this
/// assembly targets netstandard2.0 for Windows PowerShell); on Windows PowerShell 5.1 they are loaded
/// by path when the runtime cannot bind them, whatever version was asked for.
/// </summary>
internal sealed class DependencyResolver
{
    private readonly string _folder;
    private readonly object? _isolatedContext;
    private readonly MethodInfo? _loadFromPath;
    private readonly ConcurrentDictionary<string, Assembly> _loaded = new(StringComparer.OrdinalIgnoreCase);

    public DependencyResolver(string folder)
    {
        _folder = folder;
        var contextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false)
            ?? Type.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false);
        if (contextType is null)
        {
            return;
        }

        _isolatedContext = Activator.CreateInstance(contextType, "Release0.PowerShell.Dependencies", false);
        _loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", [typeof(string)]);

        // Dependencies of dependencies (System.Text.Json's own) resolve in the same context.
        var resolving = contextType.GetEvent("Resolving")!;
        var handler = Delegate.CreateDelegate(resolving.EventHandlerType!, this, typeof(DependencyResolver).GetMethod(nameof(OnContextResolving), BindingFlags.NonPublic | BindingFlags.Instance)!);
        resolving.AddEventHandler(_isolatedContext, handler);
    }

    /// <summary>True when dependencies load into an isolated context (PowerShell 7).</summary>
    public bool IsIsolated => _isolatedContext is not null;

    /// <summary>The isolated context, for tests and diagnostics; null on .NET Framework.</summary>
    public object? IsolatedContext => _isolatedContext;

    /// <summary>For AppDomain.AssemblyResolve: our dependency, or null to let others try.</summary>
    public Assembly? Resolve(AssemblyName name)
    {
        var path = Path.Combine(_folder, name.Name + ".dll");
        if (name.Name is null || !File.Exists(path))
        {
            return null;
        }

        return _loaded.GetOrAdd(name.Name, _ => _isolatedContext is null
            ? Assembly.LoadFrom(path)
            : (Assembly)_loadFromPath!.Invoke(_isolatedContext, [path])!);
    }

    public Assembly? OnAppDomainResolve(object? sender, ResolveEventArgs args) => Resolve(new AssemblyName(args.Name));

    // Bound to AssemblyLoadContext.Resolving (Func<AssemblyLoadContext, AssemblyName, Assembly?>) by delegate contravariance.
    private Assembly? OnContextResolving(object context, AssemblyName name) => Resolve(name);
}
