using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Release0.Core.Jobs;
using Release0.Functions.Hosting;

namespace Release0.Functions.Adapters;

/// <summary>
/// Says at startup which queues and containers are missing, without creating them: creating needs
/// rights a least-privilege identity lacks, and deployment creates them (README). The queue triggers
/// wait until their queue exists; the poll queue and the results container are created on first use
/// when the identity may (see <see cref="StorageJobQueue"/>, <see cref="BlobResultStore"/>).
/// Runs after the host has started, and never stops it; its warnings go through <see cref="StartupWarnings"/>.
/// </summary>
public sealed class StorageCheck : BackgroundService
{
    private readonly QueueServiceClient _queues;
    private readonly BlobServiceClient _blobs;
    private readonly JobHostSettings _settings;
    private readonly ILogger<StorageCheck> _logger;
    private readonly StartupWarnings _warnings;

    public StorageCheck(QueueServiceClient queues, BlobServiceClient blobs, JobHostSettings settings, ILogger<StorageCheck> logger, StartupWarnings warnings)
    {
        _queues = queues;
        _blobs = blobs;
        _settings = settings;
        _logger = logger;
        _warnings = warnings;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _logger.LogInformation("Release0 jobs: storage {Storage}, results in container {Results}, definitions in {Definitions}, schedule '{Schedule}', submit policy {Policy}",
            _settings.Storage, _settings.ResultsContainer, _settings.DefinitionsContainer, _settings.Schedule, _settings.Workflow.SubmitPolicy);
        var missing = new List<string>();
        try
        {
            foreach (var queue in new[] { JobQueues.BatchRequests, JobQueues.BatchPolls, JobQueues.AgentEvents })
            {
                if (!(await _queues.GetQueueClient(queue).ExistsAsync(stoppingToken)).Value)
                {
                    missing.Add($"queue {queue}");
                }
            }

            foreach (var container in new[] { _settings.ResultsContainer, _settings.DefinitionsContainer })
            {
                if (!(await _blobs.GetBlobContainerClient(container).ExistsAsync(stoppingToken)).Value)
                {
                    missing.Add($"container {container}");
                }
            }
        }
        catch (RequestFailedException ex)
        {
            _warnings.Write($"Release0 jobs: could not check the storage account's queues and containers (HTTP {ex.Status} {ex.ErrorCode}); the functions still run: {FirstLine(ex.Message)}");
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A credential that cannot get a token lands here (Azure.Identity's AuthenticationFailedException).
            _warnings.Write($"Release0 jobs: could not reach the storage account to check its queues and containers: {FirstLine(ex.Message)}");
            return;
        }

        if (missing.Count > 0)
        {
            _warnings.Write($"Release0 jobs: missing {string.Join(", ", missing)}. Create them at deployment (README: Azure Functions app, Resources); a queue trigger waits until its queue exists.");
        }
    }

    /// <summary>The service's own sentence: a storage error's message goes on with its headers and body, over many lines.</summary>
    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
