using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

// Usage: ImportProbe <module folder> <System.Management.Automation.dll>
// Replays PowerShell 7's import of a binary module in this clean process, printing one JSON report:
//  1. load the root module into the default context and reflect as PowerShell does before any module
//     code runs: the exported types, each cmdlet's parameter types and [OutputType] types;
//  2. run the IModuleAssemblyInitializer;
//  3. resolve every dependency the module ships for this runtime, and look for framework types that
//     exist twice (a polyfill's copy beside the framework's).
var moduleFolder = Path.GetFullPath(args[0]);
var automation = args[1];
AssemblyLoadContext.Default.Resolving += (context, name) =>
    name.Name == "System.Management.Automation" ? context.LoadFromAssemblyPath(automation) : null;

var module = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(moduleFolder, "Release0.PowerShell.dll"));
var failures = new List<string>();
var cmdlets = 0;
try
{
    foreach (var type in module.GetExportedTypes())
    {
        try
        {
            if (!type.GetCustomAttributesData().Any(a => a.AttributeType.Name == "CmdletAttribute"))
            {
                continue;
            }

            cmdlets++;
            foreach (var property in type.GetProperties().Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ParameterAttribute")))
            {
                _ = property.PropertyType.TypeHandle;
            }

            foreach (var output in type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute"))
            {
                var types = output.ConstructorArguments[0].Value as IEnumerable<CustomAttributeTypedArgument>;
                foreach (var value in types ?? [])
                {
                    _ = ((Type)value.Value!).TypeHandle;
                }
            }
        }
        catch (Exception ex)
        {
            failures.Add($"{type.FullName}: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
catch (Exception ex)
{
    failures.Add($"GetExportedTypes: {ex.GetType().Name}: {ex.Message}");
}

var beforeInitializer = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name!).Where(n => n.StartsWith("Release0.Core", StringComparison.Ordinal)).ToList();
if (failures.Count > 0)
{
    // PowerShell stops here: Import-Module fails before the initializer would have run.
    Console.WriteLine(JsonSerializer.Serialize(new { Cmdlets = cmdlets, Failures = failures }));
    return;
}

var initializer = module.GetExportedTypes().Single(t => t.GetInterfaces().Any(i => i.Name == "IModuleAssemblyInitializer"));
initializer.GetMethod("OnImport")!.Invoke(Activator.CreateInstance(initializer), null);

var resolved = new List<object>();
var folder = Path.Combine(moduleFolder, "dependencies", "Core");
if (!Directory.Exists(folder))
{
    failures.Add($"no {folder}: PowerShell 7 has no dependencies of its own to load");
}

foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal).ToArray() : [])
{
    var name = AssemblyName.GetAssemblyName(file);
    try
    {
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyName(name);
        resolved.Add(new
        {
            Name = name.Name,
            Shipped = name.Version?.ToString(),
            Loaded = assembly.GetName().Version?.ToString(),
            assembly.Location,
            Context = AssemblyLoadContext.GetLoadContext(assembly)?.Name,
            Framework = assembly.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()?.FrameworkName,
        });
    }
    catch (Exception ex)
    {
        failures.Add($"resolve {name.Name}: {ex.GetType().Name}: {ex.Message}");
    }
}

// The polyfilled framework types: each must exist once, the framework's.
string[] frameworkTypes = ["System.Collections.Generic.IAsyncEnumerable`1", "System.TimeProvider", "System.Text.Json.JsonElement", "System.Net.ServerSentEvents.SseParser"];
var definitions = frameworkTypes.ToDictionary(
    n => n,
    n => AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(n, throwOnError: false)).Where(t => t is not null).Distinct().Select(t => t!.Assembly.Location).ToList());
var core = AppDomain.CurrentDomain.GetAssemblies().SingleOrDefault(a => a.GetName().Name == "Release0.Core");
var streamType = core?.GetType("Release0.Core.Messages.AgentReplyStream");

Console.WriteLine(JsonSerializer.Serialize(new
{
    Cmdlets = cmdlets,
    Failures = failures,
    CoreLoadedBeforeInitializer = beforeInitializer,
    RuntimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location),
    Resolved = resolved,
    Definitions = definitions,
    StreamIsFrameworkAsyncEnumerable = streamType is not null && typeof(IAsyncEnumerable<string>).IsAssignableFrom(streamType),
}));
