using System.Collections.Concurrent;
using System.Reflection;

namespace Release0.PowerShell.Hosting;

/// <summary>
/// Loads the module's dependencies (the core, Polly, System.Text.Json, ...) from its
/// <c>dependencies/</c> folder so they cannot collide with the versions PowerShell itself loaded.
/// </summary>
/// <remarks>
/// Each edition has its own folder. PowerShell 7 loads <c>dependencies/Core</c>: the core's net8.0
/// build, whose <c>IAsyncEnumerable</c> and <c>TimeProvider</c> are the framework's (the netstandard2.0
/// build's come from Microsoft.Bcl.* polyfills, a second copy of those types that the framework's
/// System.Net.ServerSentEvents does not accept). Windows PowerShell 5.1 loads <c>dependencies/Desktop</c>,
/// the netstandard2.0 closure.
/// On PowerShell 7 the folder's assemblies go into one isolated AssemblyLoadContext (created by
/// reflection, since this assembly targets netstandard2.0); that context first defers to the
/// default one, so an assembly the framework already has at the version asked for (System.Text.Json
/// on .NET 10) is shared, never loaded twice. On 5.1 they are loaded by path when the runtime cannot
/// bind them, whatever version was asked for.
/// A context that defers to the default one would also take another module's copy of a dependency
/// (a newer Polly.Core loaded first) over ours, so on the first resolve every dependency the
/// framework does not have at our version is loaded into the isolated context by path: names bound
/// in that context then find its own copy before the default context is asked.
/// The resolver only exists once PowerShell calls the module's initializer, which it does after
/// reflecting over the exported types: those types therefore never hold a dependency's value type
/// in a field or take one as a parameter (see Output/AgentChatSession.cs).
/// </remarks>
internal sealed class DependencyResolver
{
    private readonly object? _isolatedContext;
    private readonly MethodInfo? _loadFromPath;
    private readonly ConcurrentDictionary<string, Assembly> _loaded = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<bool> _ownCopiesLoaded;

    public DependencyResolver(string dependenciesFolder)
    {
        var contextType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", throwOnError: false)
            ?? Type.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false);
        Folder = Path.Combine(dependenciesFolder, contextType is null ? "Desktop" : "Core");
        _ownCopiesLoaded = new Lazy<bool>(LoadOwnCopies);
        if (contextType is null)
        {
            return;
        }

        _isolatedContext = Activator.CreateInstance(contextType, "Release0.PowerShell.Dependencies", false);
        _loadFromPath = contextType.GetMethod("LoadFromAssemblyPath", [typeof(string)]);

        // Dependencies of dependencies (Polly's, the core's) resolve in the same context.
        var resolving = contextType.GetEvent("Resolving")!;
        var handler = Delegate.CreateDelegate(resolving.EventHandlerType!, this, typeof(DependencyResolver).GetMethod(nameof(OnContextResolving), BindingFlags.NonPublic | BindingFlags.Instance)!);
        resolving.AddEventHandler(_isolatedContext, handler);
    }

    /// <summary>The folder this runtime loads from: <c>dependencies/Core</c> or <c>dependencies/Desktop</c>.</summary>
    public string Folder { get; }

    /// <summary>True when dependencies load into an isolated context (PowerShell 7).</summary>
    public bool IsIsolated => _isolatedContext is not null;

    /// <summary>The isolated context, for tests and diagnostics; null on .NET Framework.</summary>
    public object? IsolatedContext => _isolatedContext;

    /// <summary>For AppDomain.AssemblyResolve: our dependency, or null to let others try.</summary>
    public Assembly? Resolve(AssemblyName name)
    {
        var path = Path.Combine(Folder, name.Name + ".dll");
        if (name.Name is null || !File.Exists(path))
        {
            return null;
        }

        if (_isolatedContext is not null && _ownCopiesLoaded.Value && _loaded.TryGetValue(name.Name, out var own))
        {
            return own;
        }

        return _loaded.GetOrAdd(name.Name, _ => _isolatedContext is null
            ? Assembly.LoadFrom(path)
            : (Assembly)_loadFromPath!.Invoke(_isolatedContext, [path])!);
    }

    /// <summary>Loads each dependency the framework lacks at our version into the isolated context.</summary>
    private bool LoadOwnCopies()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        foreach (var path in Directory.GetFiles(Folder, "*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var framework = Path.Combine(runtime, name + ".dll");
            if (File.Exists(framework) && AssemblyName.GetAssemblyName(framework).Version >= AssemblyName.GetAssemblyName(path).Version)
            {
                continue;
            }

            _loaded.GetOrAdd(name, _ => (Assembly)_loadFromPath!.Invoke(_isolatedContext, [path])!);
        }

        return true;
    }

    public Assembly? OnAppDomainResolve(object? sender, ResolveEventArgs args) => Resolve(new AssemblyName(args.Name));

    // Bound to AssemblyLoadContext.Resolving (Func<AssemblyLoadContext, AssemblyName, Assembly?>) by delegate contravariance.
    private Assembly? OnContextResolving(object context, AssemblyName name) => Resolve(name);
}
