using Microsoft.Extensions.Configuration;

namespace Release0.Functions;

/// <summary>The app settings the Functions app reads (names as in local.settings.json.example).</summary>
public sealed class FunctionsSettings
{
    public const string ScheduleSetting = "RELEASE0_SCHEDULE";

    public string StorageConnection { get; private init; } = string.Empty;

    public string ResultsContainer { get; private init; } = "release0-results";

    public string DefinitionsContainer { get; private init; } = "release0-job-definitions";

    public static FunctionsSettings From(IConfiguration configuration) => new()
    {
        StorageConnection = configuration["AzureWebJobsStorage"] ?? throw new InvalidOperationException("AzureWebJobsStorage is not set: the app needs a storage account (UseDevelopmentStorage=true for Azurite)."),
        ResultsContainer = configuration["RELEASE0_RESULTS_CONTAINER"] ?? "release0-results",
        DefinitionsContainer = configuration["RELEASE0_DEFINITIONS_CONTAINER"] ?? "release0-job-definitions",
    };
}
