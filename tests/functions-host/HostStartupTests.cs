namespace Release0.Functions.HostTests;

/// <summary>What an operator reading the host's log sees when the app starts.</summary>
[Collection(HostCollection.Name)]
public sealed class HostStartupTests(FunctionsHost host)
{
    [Fact]
    public void Thehost_loads_the_four_functions_and_starts_the_worker_without_an_error()
    {
        var log = host.Log.Entries;
        Assert.Contains(log, e => e.Message == "4 functions loaded");
        Assert.Contains(log, e => e.Message.StartsWith("Worker process started and initialized", StringComparison.Ordinal));
        var found = Assert.Single(log, e => e.Message.StartsWith("Found the following functions:", StringComparison.Ordinal));
        Assert.Equal(
            ["Host.Functions.AgentEvents", "Host.Functions.BatchPolls", "Host.Functions.BatchRequests", "Host.Functions.ScheduledJobs"],
            found.Message.Split('\n').Skip(1).Order(StringComparer.Ordinal));
        var startup = log.TakeWhile(e => !e.Message.StartsWith("Job host started", StringComparison.Ordinal));
        Assert.DoesNotContain(startup, e => e.Level is "fail" or "crit");
    }

    [Fact]
    public void The_startup_warning_names_the_missing_queue_in_thehost_log_once()
    {
        var warning = Assert.Single(host.Log.Entries, FunctionsHost.IsMissingStorageWarning);
        Assert.Equal(("warn", "Host.Function.Console"), (warning.Level, warning.Category));
        Assert.Equal(
            $"warning: Release0 jobs: missing queue {FunctionsHost.AgentEvents}, container {host.Results.Name}. Create them at deployment (README: Azure Functions app, Resources); a queue trigger waits until its queue exists.",
            warning.Message);
    }

    [Fact]
    public void A_setting_the_app_does_not_read_is_named_in_thehost_log_with_the_one_meant()
    {
        var warning = Assert.Single(host.Log.Entries, e => e.Message.Contains(FunctionsHost.MisspeltSetting, StringComparison.Ordinal));
        Assert.Equal(("warn", "Host.Function.Console"), (warning.Level, warning.Category));
        Assert.Equal(
            $"warning: Release0 jobs: ignoring app setting {FunctionsHost.MisspeltSetting}, which the app does not read; did you mean RELEASE0_RESULTS_CONTAINER?",
            warning.Message);
    }

    [Fact]
    public void Thehost_log_holds_no_transport_noise_and_no_token()
    {
        // host.json keeps the host's storage clients at Warning: at Information they log every queue poll.
        Assert.DoesNotContain(host.Log.Entries, e => e.Category.StartsWith("Azure.Core", StringComparison.Ordinal) && e.Level is "trce" or "dbug" or "info");
        Assert.DoesNotContain(host.Log.Entries, e => e.Message.Contains(host.Token, StringComparison.Ordinal));
    }
}
