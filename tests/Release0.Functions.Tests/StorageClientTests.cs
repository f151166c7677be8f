using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;

namespace Release0.Functions.Tests;

/// <summary>Which storage clients the app's settings give it, connection string or identity-based.</summary>
public sealed class StorageClientTests
{
    [Fact]
    public void A_connection_string_gives_shared_key_clients_on_its_endpoints()
    {
        using var app = FunctionsApp.Start(FunctionsApp.Settings());

        var queues = app.Services.GetRequiredService<QueueServiceClient>();
        var blobs = app.Services.GetRequiredService<BlobServiceClient>();

        Assert.Equal(new QueueServiceClient(TestStorage.ConnectionString).Uri, queues.Uri);
        Assert.Equal(new BlobServiceClient(TestStorage.ConnectionString).Uri, blobs.Uri);
        Assert.True(queues.CanGenerateAccountSasUri && blobs.CanGenerateAccountSasUri);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__accountName")]
    [InlineData("AzureWebJobsStorage:accountName")]
    public void An_account_name_gives_identity_clients_on_that_accounts_endpoints(string setting)
    {
        var settings = FunctionsApp.Settings();
        settings["AzureWebJobsStorage"] = null;
        settings[setting] = "release0jobs";
        using var app = FunctionsApp.Start(settings);

        var queues = app.Services.GetRequiredService<QueueServiceClient>();
        var blobs = app.Services.GetRequiredService<BlobServiceClient>();

        Assert.Equal(("https://release0jobs.queue.core.windows.net/", "release0jobs"), (queues.Uri.ToString(), queues.AccountName));
        Assert.Equal(("https://release0jobs.blob.core.windows.net/", "release0jobs"), (blobs.Uri.ToString(), blobs.AccountName));
        Assert.False(queues.CanGenerateAccountSasUri || blobs.CanGenerateAccountSasUri);
    }

    [Fact]
    public void Service_uris_give_identity_clients_on_exactly_those_uris()
    {
        var settings = FunctionsApp.Settings();
        settings["AzureWebJobsStorage"] = null;
        settings["AzureWebJobsStorage__queueServiceUri"] = "https://jobs-queues.example.net/";
        settings["AzureWebJobsStorage__blobServiceUri"] = "https://jobs-blobs.example.net/";
        settings["AzureWebJobsStorage__clientId"] = "11111111-2222-3333-4444-555555555555";
        using var app = FunctionsApp.Start(settings);

        var queues = app.Services.GetRequiredService<QueueServiceClient>();
        var blobs = app.Services.GetRequiredService<BlobServiceClient>();

        Assert.Equal(("https://jobs-queues.example.net/", "https://jobs-blobs.example.net/"), (queues.Uri.ToString(), blobs.Uri.ToString()));
        Assert.False(queues.CanGenerateAccountSasUri || blobs.CanGenerateAccountSasUri);
    }
}
