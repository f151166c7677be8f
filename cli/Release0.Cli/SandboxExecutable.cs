using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Release0.Cli;

/// <summary>
/// Where <c>release0 sandbox</c> and <c>release0 demo</c> run. The portable build hosts the sandbox in-process.
/// The native <c>release0</c> is built without it (the switch below is false there, so ASP.NET Core is trimmed
/// away, and with it a third of what every start-up maps) and hands those two commands to <c>release0-sandbox</c>:
/// this same CLI built with the sandbox, published beside it.
/// </summary>
internal static partial class SandboxExecutable
{
    /// <summary>The feature switch; the project sets it to false for the native <c>release0</c>.</summary>
    public const string Switch = "Release0.Cli.EmbeddedSandbox";

    public const string Name = "release0-sandbox";

    public const string SandboxCommandName = "sandbox";

    public const string DemoCommandName = "demo";

    [FeatureSwitchDefinition(Switch)]
    public static bool IsEmbedded => !AppContext.TryGetSwitch(Switch, out var embedded) || embedded;

    /// <summary>Whether these arguments run a command that needs the sandbox.</summary>
    public static bool IsNeededFor(string[] args) => args is [SandboxCommandName or DemoCommandName, ..];

    /// <summary>
    /// Runs <c>release0-sandbox</c> with these arguments in place of this process: on Unix the process image is
    /// replaced (same process id, terminal, signals and exit code, so Ctrl+C and SIGTERM reach the sandbox as they
    /// would have reached us); on Windows it runs as a child that shares the console. Returns only on failure.
    /// </summary>
    public static int Run(string[] args, TextWriter error)
    {
        var path = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? Name + ".exe" : Name);
        if (!File.Exists(path))
        {
            error.WriteLine($"error: 'release0 {args[0]}' runs {path}, which is missing; reinstall the tool, or publish both executables with 'dotnet publish cli/Release0.Cli -c Release -r RID'.");
            return ExitCodes.PlatformError;
        }

        if (OperatingSystem.IsWindows())
        {
            return RunAsChild(path, args);
        }

        // argv[0] stays "release0", so help and errors name the command the user typed.
        string?[] argv = ["release0", .. args, null];
        Execv(path, argv);
        error.WriteLine($"error: could not start {path}: {Marshal.GetLastPInvokeErrorMessage()}.");
        return ExitCodes.PlatformError;
    }

    private static int RunAsChild(string path, string[] args)
    {
        // Ctrl+C reaches every process on the console: the sandbox decides, and this one waits for its exit code.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        using var child = Process.Start(new ProcessStartInfo(path, args) { UseShellExecute = false })!;
        child.WaitForExit();
        return child.ExitCode;
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execv(string path, string?[] argv);
}
