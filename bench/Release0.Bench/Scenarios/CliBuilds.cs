using System.Reflection;

namespace Release0.Bench.Scenarios;

/// <summary>
/// The two release0 builds the command-line scenarios start: the portable apphost built beside the
/// bench, and the native one (<c>--native PATH</c>, else <c>RELEASE0_CLI_EXECUTABLE</c>, else
/// <c>artifacts/native-cli/release0</c> as <c>tests/native-cli.sh</c> publishes it).
/// </summary>
internal sealed class CliBuilds
{
    public const string DefaultNativePath = "artifacts/native-cli/release0";

    private CliBuilds(string portable, string? native)
    {
        Portable = portable;
        Native = native;
    }

    public string Portable { get; }

    /// <summary>Null when no native build exists: its rows are then left out, saying how to publish it.</summary>
    public string? Native { get; }

    public static CliBuilds Find(string[] args)
    {
        var folder = typeof(CliBuilds).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliFolder").Value!;
        var portable = Path.Combine(folder, OperatingSystem.IsWindows() ? "release0.exe" : "release0");
        var given = Array.IndexOf(args, "--native") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var native = Path.GetFullPath(given ?? Environment.GetEnvironmentVariable("RELEASE0_CLI_EXECUTABLE") ?? DefaultNativePath);
        if (!File.Exists(native))
        {
            Console.WriteLine($"  no native release0 at {native}: its rows are left out (dotnet publish cli/Release0.Cli -c Release -r linux-x64 -o artifacts/native-cli, or --native PATH)");
            return new CliBuilds(portable, null);
        }

        return new CliBuilds(portable, native);
    }
}
