using System.Management.Automation;
using Release0.PowerShell.Hosting;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Registers the dependency resolver when the module is imported, and removes it on removal.</summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly DependencyResolver Resolver = new(Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "dependencies"));

    public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolver.OnAppDomainResolve;

    public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= Resolver.OnAppDomainResolve;
}
