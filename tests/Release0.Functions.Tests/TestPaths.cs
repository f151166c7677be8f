using System.Reflection;

namespace Release0.Functions.Tests;

/// <summary>Where the build put the Functions app (its functions.metadata, host.json and dll) and where the README is.</summary>
internal static class TestPaths
{
    public static string FunctionsOutput => Metadata("FunctionsOutput");

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
