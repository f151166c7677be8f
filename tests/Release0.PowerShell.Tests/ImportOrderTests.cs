using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Release0.PowerShell.Tests;

/// <summary>
/// PowerShell 7 reflects over a binary module's exported types before it calls the module's
/// initializer, so anything those types need from dependencies/ fails to load (the module once did
/// not import at all). This replays that order in a fresh process (ImportProbe) on every machine,
/// pwsh or not, then checks each dependency resolves for this runtime without a second copy of a
/// framework type.
/// </summary>
public sealed class ImportOrderTests
{
    private static readonly Lazy<JsonElement> Report = new(RunProbe);

    [Fact]
    public void PowerShell_can_reflect_over_every_cmdlet_before_the_initializer_runs()
    {
        var report = Report.Value;

        Assert.Empty(report.GetProperty("Failures").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(8, report.GetProperty("Cmdlets").GetInt32());
        Assert.Empty(report.GetProperty("CoreLoadedBeforeInitializer").EnumerateArray());
    }

    [Fact]
    public void Each_dependency_resolves_from_the_Core_folder_unless_the_framework_has_it_at_that_version()
    {
        var report = Report.Value;
        var runtime = report.GetProperty("RuntimeDirectory").GetString()!;
        var folder = Path.Combine(BuiltModule.ModuleFolder, "dependencies", "Core");
        var resolved = report.GetProperty("Resolved").EnumerateArray().ToDictionary(r => r.GetProperty("Name").GetString()!);

        Assert.Equal(Directory.GetFiles(folder, "*.dll").Select(Path.GetFileNameWithoutExtension).Order(), resolved.Keys.Order());
        foreach (var (name, entry) in resolved)
        {
            var location = entry.GetProperty("Location").GetString()!;
            var framework = Path.Combine(runtime, name + ".dll");
            var shipped = Version.Parse(entry.GetProperty("Shipped").GetString()!);
            if (File.Exists(framework) && AssemblyName.GetAssemblyName(framework).Version >= shipped)
            {
                Assert.Equal(framework, location);
            }
            else
            {
                Assert.Equal(Path.Combine(folder, name + ".dll"), location);
                Assert.Equal("Release0.PowerShell.Dependencies", entry.GetProperty("Context").GetString());
            }
        }

        Assert.StartsWith(".NETCoreApp", resolved["Release0.Core"].GetProperty("Framework").GetString());
    }

    [Fact]
    public void No_framework_type_is_loaded_twice_and_streams_are_the_frameworks_async_enumerables()
    {
        var report = Report.Value;
        var runtime = report.GetProperty("RuntimeDirectory").GetString()!;

        foreach (var type in report.GetProperty("Definitions").EnumerateObject())
        {
            var where = Assert.Single(type.Value.EnumerateArray());
            Assert.StartsWith(runtime, where.GetString());
        }

        Assert.True(report.GetProperty("StreamIsFrameworkAsyncEnumerable").GetBoolean());
    }

    private static JsonElement RunProbe()
    {
        var probe = Path.Combine(BuiltModule.RepoRoot, "tests", "Release0.PowerShell.ImportProbe", "bin", BuiltModule.Configuration, "net10.0", "Release0.PowerShell.ImportProbe.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { probe, BuiltModule.ModuleFolder, BuiltModule.AutomationReference })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"the import probe failed: {error.Result}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
