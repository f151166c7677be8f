using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Release0.Core.Diagnostics;
using Release0.Core.Http;
using Release0.Functions.Adapters;

namespace Release0.Functions.Tests;

/// <summary>Where the core's log lines and spans go in the app.</summary>
public sealed class LoggingTests
{
    [Fact]
    public void The_cores_log_levels_land_on_the_functions_levels_under_the_adapters_category()
    {
        var settings = FunctionsApp.Settings();
        settings["Logging:LogLevel:Release0.Functions.Adapters.LoggerLog"] = "Trace";
        using var app = FunctionsApp.Start(settings);
        var log = app.Services.GetRequiredService<IRelease0Log>();

        log.Write(Release0LogLevel.Warning, "a warning");
        log.Write(Release0LogLevel.Verbose, "an HTTP call");
        log.Write(Release0LogLevel.Debug, "a body");

        var lines = app.Log.All.Where(l => l.Category == typeof(LoggerLog).FullName).Select(l => (l.Level, l.Text));
        Assert.Equal([(LogLevel.Warning, "a warning"), (LogLevel.Debug, "an HTTP call"), (LogLevel.Trace, "a body")], lines);
        Assert.True(log.IsEnabled(Release0LogLevel.Debug));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Write((Release0LogLevel)99, "no such level"));
    }

    [Fact]
    public void At_the_hosts_default_level_only_warnings_show()
    {
        using var app = FunctionsApp.Start(FunctionsApp.Settings());
        var log = app.Services.GetRequiredService<IRelease0Log>();

        log.Write(Release0LogLevel.Verbose, "an HTTP call");
        log.Write(Release0LogLevel.Warning, "a warning");

        Assert.Equal(["a warning"], app.Log.All.Where(l => l.Category == typeof(LoggerLog).FullName).Select(l => l.Text));
        Assert.False(log.IsEnabled(Release0LogLevel.Verbose));
    }

    [Fact]
    public void With_an_application_insights_connection_string_the_cores_spans_are_collected_and_without_one_nothing_is()
    {
        using (var plain = FunctionsApp.Start(FunctionsApp.Settings()))
        {
            Assert.Null(plain.Services.GetService<TracerProvider>());
        }

        var settings = FunctionsApp.Settings();
        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
        using var app = FunctionsApp.Start(settings);
        using var source = new ActivitySource(Release0Telemetry.Name);

        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.True(source.HasListeners());
    }
}
