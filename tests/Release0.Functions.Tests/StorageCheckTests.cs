using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Release0.Core.Jobs;
using Release0.Functions.Adapters;
using Release0.Functions.Hosting;

namespace Release0.Functions.Tests;

/// <summary>The startup check, run as the host runs it once it is up, against real storage.</summary>
[Collection(AppQueues.Name)]
public sealed class StorageCheckTests
{
    private static readonly string[] Queues = [JobQueues.BatchRequests, JobQueues.BatchPolls, JobQueues.AgentEvents];

    [Fact]
    public async Task It_names_each_missing_queue_and_container_and_creates_none_of_them()
    {
        foreach (var queue in Queues)
        {
            await TestStorage.HostQueue(queue).DeleteIfExistsAsync();
        }

        var settings = FunctionsApp.Settings();
        using var app = FunctionsApp.Start(settings);

        await RunCheckAsync(app);

        var warning = Assert.Single(Warnings(app));
        Assert.Equal(
            $"Release0 jobs: missing queue release0-batch-requests, queue release0-batch-polls, queue release0-agent-events, container {settings["RELEASE0_RESULTS_CONTAINER"]}, container {settings["RELEASE0_DEFINITIONS_CONTAINER"]}. "
            + "Create them at deployment (README: Azure Functions app, Resources); a queue trigger waits until its queue exists.",
            warning);

        // The host drops worker logs outside an invocation: the same line on stderr is what reaches its log.
        Assert.Equal($"warning: {warning}{Environment.NewLine}", app.Stderr.ToString());
        foreach (var queue in Queues)
        {
            Assert.False((await TestStorage.HostQueue(queue).ExistsAsync()).Value, queue);
        }

        Assert.False((await TestStorage.Container(settings["RELEASE0_RESULTS_CONTAINER"]!).ExistsAsync()).Value);
        Assert.False((await TestStorage.Container(settings["RELEASE0_DEFINITIONS_CONTAINER"]!).ExistsAsync()).Value);
        await QueueHost.ResetQueuesAsync();
    }

    [Fact]
    public async Task With_everything_in_place_it_only_says_what_the_app_uses()
    {
        await QueueHost.ResetQueuesAsync();
        var settings = FunctionsApp.Settings();
        settings["RELEASE0_SUBMIT_POLICY"] = "at-least-once";
        await TestStorage.Container(settings["RELEASE0_RESULTS_CONTAINER"]!).CreateAsync();
        await TestStorage.Container(settings["RELEASE0_DEFINITIONS_CONTAINER"]!).CreateAsync();
        using var app = FunctionsApp.Start(settings);

        await RunCheckAsync(app);

        Assert.Empty(Warnings(app));
        Assert.Empty(app.Stderr.ToString());
        Assert.Contains(
            $"Release0 jobs: storage a connection string, results in container {settings["RELEASE0_RESULTS_CONTAINER"]}, definitions in {settings["RELEASE0_DEFINITIONS_CONTAINER"]}, schedule '0 */5 * * * *', submit policy AtLeastOnce",
            app.Log.At(LogLevel.Information));
    }

    [Fact]
    public async Task A_refused_account_key_is_one_warning_with_the_status_and_the_app_keeps_running()
    {
        var settings = FunctionsApp.Settings();
        settings["AzureWebJobsStorage"] = TestStorage.ConnectionString.Replace("AccountKey=", "AccountKey=AAAA", StringComparison.Ordinal);
        using var app = FunctionsApp.Start(settings);

        await RunCheckAsync(app);

        var warning = Assert.Single(Warnings(app));
        Assert.Equal("Release0 jobs: could not check the storage account's queues and containers (HTTP 403 AuthenticationFailed); the functions still run: Server failed to authenticate the request.Make sure the value of the Authorization header is formed correctly including the signature.", warning);
        Assert.DoesNotContain("AccountKey", warning, StringComparison.Ordinal);
        Assert.Equal($"warning: {warning}{Environment.NewLine}", app.Stderr.ToString());
    }

    private static IEnumerable<string> Warnings(FunctionsApp app) =>
        app.Log.All.Where(l => l.Category == typeof(StartupWarnings).FullName && l.Level == LogLevel.Warning).Select(l => l.Text);

    private static async Task RunCheckAsync(FunctionsApp app)
    {
        var check = app.Services.GetServices<IHostedService>().OfType<StorageCheck>().Single();
        await check.StartAsync(CancellationToken.None);
        await check.ExecuteTask!;
    }
}
