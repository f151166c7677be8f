using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Release0.Core.Jobs;
using Release0.Functions.Functions;
using Release0.Functions.Hosting;
using Release0.Sandbox;

namespace Release0.Functions.Tests;

/// <summary>
/// One instance of the Functions app, built as Program.cs builds it (the real builder and
/// <see cref="JobHostServices.AddRelease0Jobs"/>) from app settings, with the test's clock and storage policies.
/// </summary>
internal sealed class FunctionsApp : IDisposable
{
    private readonly IHost _host;

    private FunctionsApp(IHost host, LogLines log, StringWriter stderr)
    {
        _host = host;
        Log = log;
        Stderr = stderr;
    }

    public IServiceProvider Services => _host.Services;

    public LogLines Log { get; }

    /// <summary>What the app wrote to stderr, which the host shows in its own log.</summary>
    public StringWriter Stderr { get; }

    /// <summary>The function class, made the way the worker makes it for each invocation.</summary>
    public JobFunctions Functions => ActivatorUtilities.CreateInstance<JobFunctions>(Services);

    public static FunctionsApp Start(IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null, params HttpPipelinePolicy[] storagePolicies)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);

        // Where the host would listen for the worker: its services can then be built; nothing here starts them.
        builder.Configuration["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9/";
        var log = new LogLines();
        builder.Logging.AddProvider(log);
        builder.Services.AddRelease0Jobs(builder.Configuration);
        var stderr = new StringWriter();
        builder.Services.AddSingleton(provider => new StartupWarnings(provider.GetRequiredService<ILogger<StartupWarnings>>(), stderr));
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddAzureClients(clients => clients.ConfigureDefaults(options =>
        {
            foreach (var policy in storagePolicies)
            {
                options.AddPolicy(policy, HttpPipelinePosition.PerCall);
            }
        }));
        return new FunctionsApp(builder.Build(), log, stderr);
    }

    /// <summary>The settings of an app on the test's Azurite account and sandbox, with containers of its own.</summary>
    public static Dictionary<string, string?> Settings(SandboxServer? sandbox = null) => new()
    {
        ["AzureWebJobsStorage"] = TestStorage.ConnectionString,
        ["RELEASE0_BASE_URI"] = sandbox?.BaseUri.ToString(),
        ["RELEASE0_API_TOKEN"] = sandbox?.Token,
        ["RELEASE0_SCHEDULE"] = "0 */5 * * * *",
        ["RELEASE0_RESULTS_CONTAINER"] = TestStorage.UniqueName("results"),
        ["RELEASE0_DEFINITIONS_CONTAINER"] = TestStorage.UniqueName("definitions"),
    };

    /// <summary>The queue trigger bound to <paramref name="queue"/>, as functions.metadata binds them.</summary>
    public Func<string, CancellationToken, Task> Trigger(string queue)
    {
        var functions = Functions;
        return queue switch
        {
            JobQueues.BatchRequests => functions.BatchRequests,
            JobQueues.BatchPolls => functions.BatchPolls,
            JobQueues.AgentEvents => functions.AgentEvents,
            _ => throw new ArgumentException($"no function is triggered by queue {queue}", nameof(queue)),
        };
    }

    public Task RunTimerAsync() => Functions.ScheduledJobs(new TimerInfo(), CancellationToken.None);

    public void Dispose() => _host.Dispose();
}
