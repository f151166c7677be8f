using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Diagnostics;
using Release0.Core.Http;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Hosting;
using Release0.Functions.Adapters;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);

JobHostSettings settings;
Release0ConnectionOptions platform;
try
{
    settings = JobHostSettings.From(name => builder.Configuration[name]);
    platform = Release0ConnectionOptions.FromEnvironment(name => builder.Configuration[name]);
}
catch (Release0ConfigurationException ex)
{
    // One line in the log stream, and no half-configured worker.
    Console.Error.WriteLine($"Release0 Functions app cannot start: {ex.Message}");
    return 1;
}

builder.Services.AddSingleton(settings);
builder.Services.AddAzureClients(clients =>
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
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.Services.AddOpenTelemetry()
        .UseFunctionsWorkerDefaults()
        .UseAzureMonitorExporter()
        .WithTracing(tracing => tracing.AddSource(Release0Telemetry.Name))
        .WithMetrics(metrics => metrics.AddMeter(Release0Telemetry.Name));
}

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IRelease0Log, LoggerLog>();

// RELEASE0_API_TOKEN may be a Key Vault reference (@Microsoft.KeyVault(...)); the host resolves it into the setting.
builder.Services.AddSingleton(services => new Release0Connection(platform, services.GetRequiredService<IRelease0Log>()));
builder.Services.AddSingleton<IJobQueue, StorageJobQueue>();
builder.Services.AddSingleton<IResultStore>(services => new BlobResultStore(services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.ResultsContainer)));
builder.Services.AddSingleton(services => new BlobDefinitionSource(services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.DefinitionsContainer)));
builder.Services.AddSingleton<IPollHistoryStore>(services => new BlobPollHistoryStore(services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.ResultsContainer)));
builder.Services.AddSingleton(services => new JobWorkflow(
    services.GetRequiredService<Release0Connection>(),
    services.GetRequiredService<IJobQueue>(),
    services.GetRequiredService<IResultStore>(),
    settings.Workflow.WithPollHistoryStore(services.GetRequiredService<IPollHistoryStore>()),
    services.GetRequiredService<IRelease0Log>()));

// Nothing touches storage before the host runs: a storage error must not stop the worker before it
// registers. Missing queues and containers are reported once the host is up (see StorageCheck).
builder.Services.AddHostedService<StorageCheck>();

builder.Build().Run();
return 0;
