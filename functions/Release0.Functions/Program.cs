using Azure.Monitor.OpenTelemetry.Exporter;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using Release0.Core.Connection;
using Release0.Core.Diagnostics;
using Release0.Core.Http;
using Release0.Core.Jobs;
using Release0.Functions;
using Release0.Functions.Adapters;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
var settings = FunctionsSettings.From(builder.Configuration);

builder.Services.AddAzureClients(clients =>
{
    // Base64 to match the queue trigger; a plain-text producer would send every message straight to poison.
    clients.AddQueueServiceClient(settings.StorageConnection)
           .ConfigureOptions(options => options.MessageEncoding = QueueMessageEncoding.Base64);
    clients.AddBlobServiceClient(settings.StorageConnection);
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
builder.Services.AddSingleton(services => new Release0Connection(
    Release0ConnectionOptions.FromEnvironment(name => builder.Configuration[name]),
    services.GetRequiredService<IRelease0Log>()));
builder.Services.AddSingleton<IJobQueue, StorageJobQueue>();
builder.Services.AddSingleton<IResultStore>(services => new BlobResultStore(services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.ResultsContainer)));
builder.Services.AddSingleton(services => new BlobDefinitionSource(services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(settings.DefinitionsContainer)));
builder.Services.AddSingleton(services => new JobWorkflow(
    services.GetRequiredService<Release0Connection>(),
    services.GetRequiredService<IJobQueue>(),
    services.GetRequiredService<IResultStore>(),
    new JobWorkflowOptions(),
    services.GetRequiredService<IRelease0Log>()));

var host = builder.Build();

// Triggers do not create their queues, and the first write needs the container.
var queues = host.Services.GetRequiredService<QueueServiceClient>();
foreach (var queue in new[] { JobQueues.BatchRequests, JobQueues.BatchPolls, JobQueues.AgentEvents })
{
    await queues.GetQueueClient(queue).CreateIfNotExistsAsync();
}

var blobs = host.Services.GetRequiredService<BlobServiceClient>();
await blobs.GetBlobContainerClient(settings.ResultsContainer).CreateIfNotExistsAsync();
await blobs.GetBlobContainerClient(settings.DefinitionsContainer).CreateIfNotExistsAsync();

host.Run();
