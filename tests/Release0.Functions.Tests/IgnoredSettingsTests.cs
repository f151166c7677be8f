using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Release0.Functions.Hosting;

namespace Release0.Functions.Tests;

/// <summary>App settings named like the app's own that it never reads: one startup warning each, on stderr too.</summary>
public sealed class IgnoredSettingsTests
{
    [Fact]
    public async Task A_misspelt_setting_is_named_with_the_one_meant_and_an_unknown_one_with_where_settings_are_listed()
    {
        var settings = FunctionsApp.Settings();
        settings["RELEASE0_SUBMIT_POLICIY"] = "at-least-once";
        settings["RELEASE0_MAX_PARALLEL_JOBS"] = "4";

        var lines = await StderrAsync(settings);

        Assert.Equal(
            [
                "warning: Release0 jobs: ignoring app setting RELEASE0_MAX_PARALLEL_JOBS, which the app does not read (README: Azure Functions app, Settings).",
                "warning: Release0 jobs: ignoring app setting RELEASE0_SUBMIT_POLICIY, which the app does not read; did you mean RELEASE0_SUBMIT_POLICY?",
            ],
            lines);
        Assert.DoesNotContain(lines, line => line.Contains("at-least-once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Settings_the_app_reads_are_not_reported()
    {
        var settings = FunctionsApp.Settings();
        settings["RELEASE0_SUBMIT_POLICY"] = "at-least-once";
        settings["RELEASE0_CLAIM_LEASE"] = "00:20:00";

        Assert.Empty(await StderrAsync(settings));
    }

    /// <summary>
    /// What the check writes to stderr at startup, without the lines about the test run's own RELEASE0_ variables
    /// (./test.sh's RELEASE0_TEST_RUN, CI's RELEASE0_REQUIRE_HOSTS), which the app reads from its environment and ignores alike.
    /// </summary>
    private static async Task<List<string>> StderrAsync(Dictionary<string, string?> settings)
    {
        var ambient = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("RELEASE0_", StringComparison.Ordinal) && !settings.ContainsKey(name))
            .Select(name => $"app setting {name},")
            .ToList();
        using var app = FunctionsApp.Start(settings);
        await app.Services.GetServices<IHostedService>().OfType<IgnoredSettings>().Single().StartAsync(CancellationToken.None);
        return app.Stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !ambient.Any(name => line.Contains(name, StringComparison.Ordinal)))
            .ToList();
    }
}
