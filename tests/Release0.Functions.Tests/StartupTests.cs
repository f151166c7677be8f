using System.Diagnostics;

namespace Release0.Functions.Tests;

/// <summary>The real app process (Program.cs on the real builder) refusing a bad setting before it starts.</summary>
public sealed class StartupTests
{
    private const string Token = "startup-secret-token";

    [Theory]
    [InlineData("RELEASE0_SCHEDULE", "*/5 * * * *", "RELEASE0_SCHEDULE '*/5 * * * *' has 5 fields; Azure Functions needs 6, seconds first: '0 */5 * * * *'.")]
    [InlineData("RELEASE0_RESULTS_CONTAINER", "Results_2026", "RELEASE0_RESULTS_CONTAINER 'Results_2026' is not a blob container name")]
    [InlineData("AzureWebJobsStorage", "", "AzureWebJobsStorage is not set: give a connection string")]
    [InlineData("AzureWebJobsStorage__accountName", "Release0Jobs", "AzureWebJobsStorage__accountName 'Release0Jobs' is not a storage account name")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "http://127.0.0.1:10001/devstoreaccount1", "AzureWebJobsStorage__queueServiceUri 'http://127.0.0.1:10001/devstoreaccount1' must be an absolute https:// URI")]
    [InlineData("RELEASE0_SUBMIT_POLICY", "sometimes", "RELEASE0_SUBMIT_POLICY 'sometimes' must be at-most-once")]
    [InlineData("RELEASE0_BASE_URI", "release0.example", "RELEASE0_BASE_URI 'release0.example' is not an absolute http:// or https:// URI")]
    public async Task A_bad_setting_stops_the_app_with_one_line_naming_it(string setting, string value, string message)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(TestPaths.FunctionsOutput, "Release0.Functions.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestPaths.FunctionsOutput,
        };
        start.Environment["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        start.Environment["RELEASE0_SCHEDULE"] = "0 */5 * * * *";
        start.Environment["RELEASE0_API_TOKEN"] = Token;
        start.Environment[setting] = value;
        if (setting.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal))
        {
            start.Environment["AzureWebJobsStorage"] = null;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Release0 Functions app cannot start: {message}", line);
        Assert.Equal((1, string.Empty), (process.ExitCode, await stdout));
        Assert.DoesNotContain(Token, line, StringComparison.Ordinal);
    }
}
