using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Diagnostics;
using Release0.Core.Http;
using Release0.Core.Http.Pacing;
using Release0.Core.Jobs;
using Release0.Functions.Adapters;

namespace Release0.Functions.Hosting;

/// <summary>
/// Everything the functions need, registered from the app's settings. Program.cs calls it on the real
/// builder; the tests call it on the same builder, so they run the app as it is wired.
/// </summary>
public static class JobHostServices
{
    /// <summary>Throws <see cref="Release0ConfigurationException"/> naming the first bad setting, before anything is registered.</summary>
    public static IServiceCollection AddRelease0Jobs(this IServiceCollection services, IConfiguration configuration)
    {
        // Every setting the app reads is read here; what is left of the app's own names is reported (IgnoredSettings).
        var read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string? Read(string name)
        {
            read.Add(name);
            return configuration[name];
        }

        var settings = JobHostSettings.From(Read);
        var platform = Release0ConnectionOptions.FromEnvironment(Read);
        var ignored = IgnoredSettings.Find(configuration, read);

        services.AddSingleton(settings);
        services.AddAzureClients(clients =>
        {
            var storage = settings.Storage;
            var queues = storage.ConnectionString is { } queueConnection
                ? clients.AddQueueServiceClient(queueConnection)
                : clients.AddQueueServiceClient(storage.QueueServiceUri!);

            // Base64 to match the queue trigger; a plain-text producer would send every message straight to poison.
            queues.ConfigureOptions(options => options.MessageEncoding = QueueMessageEncoding.Base64);
            if (storage.ConnectionString is { } blobConnection)
            {
                clients.AddBlobServiceClient(blobConnection);
            }
            else
            {
                clients.AddBlobServiceClient(storage.BlobServiceUri!);

                // Managed identity in Azure (a user-assigned one when __clientId is set), the developer's sign-in locally.
                clients.UseCredential(new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = storage.ClientId }));
            }
        });

        // The core's spans and metrics (ActivitySource and Meter "Release0") go to Application Insights with the
        // worker's own; without a connection string (a local func start) the exporter is left out rather than failing.
        if (!string.IsNullOrEmpty(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            services.AddOpenTelemetry()
                .UseFunctionsWorkerDefaults()
                .UseAzureMonitorExporter()
                .WithTracing(tracing => tracing.AddSource(Release0Telemetry.Name))
                .WithMetrics(metrics => metrics.AddMeter(Release0Telemetry.Name));
        }

        // The storage clients log every 404 and 409 as a warning, and the app expects both on each job (a result
        // not written yet, a create-once write that another delivery won): only their errors reach the log stream.
        services.AddLogging(logging => logging.AddFilter("Azure.Core", LogLevel.Error));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IRelease0Log, LoggerLog>();

        // RELEASE0_API_TOKEN may be a Key Vault reference (@Microsoft.KeyVault(...)); the host resolves it into the setting.
        // One clock for the app: the workflow's deadlines and leases and the connection's retries read it.
        // Scaled-out instances share one pace through a blob beside the poll history, so together they keep under the token's one limit.
        services.AddSingleton<IFleetPaceStore>(provider => new BlobFleetPaceStore(provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.ResultsContainer)));
        services.AddSingleton(provider =>
        {
            var shared = platform.Clone();
            shared.FleetPaceStore = provider.GetRequiredService<IFleetPaceStore>();
            return new Release0Connection(shared, provider.GetRequiredService<IRelease0Log>(), provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IJobQueue, StorageJobQueue>();
        services.AddSingleton<IResultStore>(provider => new BlobResultStore(provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.ResultsContainer)));
        services.AddSingleton(provider => new BlobDefinitionSource(provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.DefinitionsContainer)));
        services.AddSingleton<IPollHistoryStore>(provider => new BlobPollHistoryStore(provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.ResultsContainer)));
        services.AddSingleton(provider => new JobWorkflow(
            provider.GetRequiredService<Release0Connection>(),
            provider.GetRequiredService<IJobQueue>(),
            provider.GetRequiredService<IResultStore>(),
            settings.Workflow.WithPollHistoryStore(provider.GetRequiredService<IPollHistoryStore>()),
            provider.GetRequiredService<IRelease0Log>()));

        // Nothing touches storage before the host runs: a storage error must not stop the worker before it
        // registers. Missing queues and containers are reported once the host is up (see StorageCheck).
        services.AddSingleton(provider => new StartupWarnings(provider.GetRequiredService<ILogger<StartupWarnings>>(), Console.Error));
        services.AddHostedService(provider => new IgnoredSettings(ignored, provider.GetRequiredService<StartupWarnings>()));
        services.AddHostedService<StorageCheck>();
        return services;
    }
}
