using Release0.Core.Connection;
using Release0.Core.Jobs;
using Release0.Functions.Hosting;

namespace Release0.Functions.Tests;

/// <summary>What the Functions app decides from its settings at startup, tested without storage.</summary>
public sealed class JobHostSettingsTests
{
    [Theory]
    [InlineData("0 */5 * * * *")]
    [InlineData("0 0 3 * * MON-FRI")]
    [InlineData("*/30 * * * * *")]
    [InlineData("0 0 0 1 JAN,jul *")]
    [InlineData("0 15,45 8-18/2 * * 1-5")]
    public void A_six_field_ncrontab_schedule_is_accepted(string schedule) =>
        NcrontabSchedule.Validate(schedule, "RELEASE0_SCHEDULE");

    [Theory]
    [InlineData(null, "RELEASE0_SCHEDULE is not set: give the timer's NCRONTAB schedule, six fields with seconds first")]
    [InlineData("*/5 * * * *", "RELEASE0_SCHEDULE '*/5 * * * *' has 5 fields; Azure Functions needs 6, seconds first: '0 */5 * * * *'.")]
    [InlineData("0 0 25 * * *", "the hour field '25' must hold values from 0 to 23")]
    [InlineData("0 */0 * * * *", "the minute field '*/0' has a step that is not a whole number of at least 1")]
    [InlineData("0 0 5-3 * * *", "the hour field '5-3' has a range that runs backwards")]
    [InlineData("0 0 0 * * FUN", "the day-of-week field 'FUN' must hold values from 0 to 6 or names (SUN-SAT)")]
    [InlineData("every 5 minutes", "has 3 fields; an NCRONTAB schedule has 6")]
    public void A_bad_schedule_is_refused_naming_the_field_and_the_fix(string? schedule, string message)
    {
        var error = Assert.Throws<Release0ConfigurationException>(() => NcrontabSchedule.Validate(schedule, "RELEASE0_SCHEDULE"));

        Assert.Contains(message, error.Message);
        Assert.Equal("RELEASE0_SCHEDULE", error.Setting);
    }

    [Fact]
    public void Storage_is_a_connection_string_or_an_identity_based_connection()
    {
        var byString = StorageConnectionSettings.From(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));
        var byAccount = StorageConnectionSettings.From(Settings(("AzureWebJobsStorage:accountName", "release0jobs")));
        var byUris = StorageConnectionSettings.From(Settings(
            ("AzureWebJobsStorage__queueServiceUri", "https://q.example.net"),
            ("AzureWebJobsStorage__blobServiceUri", "https://b.example.net"),
            ("AzureWebJobsStorage__clientId", "11111111-2222-3333-4444-555555555555")));

        Assert.Equal(("UseDevelopmentStorage=true", null), (byString.ConnectionString, byString.QueueServiceUri));
        Assert.Equal((null, "https://release0jobs.queue.core.windows.net/", "https://release0jobs.blob.core.windows.net/", null), (byAccount.ConnectionString, byAccount.QueueServiceUri?.ToString(), byAccount.BlobServiceUri?.ToString(), byAccount.ClientId));
        Assert.Equal(("https://q.example.net/", "https://b.example.net/", "11111111-2222-3333-4444-555555555555"), (byUris.QueueServiceUri?.ToString(), byUris.BlobServiceUri?.ToString(), byUris.ClientId));
    }

    [Theory]
    [InlineData(null, null, null, "AzureWebJobsStorage is not set: give a connection string (UseDevelopmentStorage=true for Azurite), or an identity-based connection with AzureWebJobsStorage__accountName")]
    [InlineData("Release0Jobs", null, null, "AzureWebJobsStorage__accountName 'Release0Jobs' is not a storage account name")]
    [InlineData(null, "https://q.example.net", null, "AzureWebJobsStorage__blobServiceUri is not set")]
    [InlineData(null, "http://q.example.net", "https://b.example.net", "AzureWebJobsStorage__queueServiceUri 'http://q.example.net' must be an absolute https:// URI")]
    [InlineData(null, "https://q.example.net", "http://127.0.0.1:10000/devstoreaccount1", "AzureWebJobsStorage__blobServiceUri 'http://127.0.0.1:10000/devstoreaccount1' must be an absolute https:// URI, e.g. https://myaccount.queue.core.windows.net (for a local emulator, set AzureWebJobsStorage to a connection string such as UseDevelopmentStorage=true).")]
    public void A_storage_setting_that_cannot_work_is_refused_naming_it(string? account, string? queues, string? blobs, string message)
    {
        var error = Assert.Throws<Release0ConfigurationException>(() => StorageConnectionSettings.From(Settings(
            ("AzureWebJobsStorage:accountName", account), ("AzureWebJobsStorage:queueServiceUri", queues), ("AzureWebJobsStorage:blobServiceUri", blobs))));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Host_settings_have_defaults_and_read_the_submit_policy_and_claim_lease()
    {
        var defaults = JobHostSettings.From(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("RELEASE0_SCHEDULE", "0 */5 * * * *")));
        var chosen = JobHostSettings.From(Settings(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            ("RELEASE0_SCHEDULE", " 0 0 * * * * "),
            ("RELEASE0_SUBMIT_POLICY", "At-Least-Once"),
            ("RELEASE0_CLAIM_LEASE", "00:20:00"),
            ("RELEASE0_RESULTS_CONTAINER", "team-results")));

        Assert.Equal(("release0-results", "release0-job-definitions", SubmitPolicy.AtMostOnce, TimeSpan.FromMinutes(15)), (defaults.ResultsContainer, defaults.DefinitionsContainer, defaults.Workflow.SubmitPolicy, defaults.Workflow.ClaimLease));
        Assert.Equal(("team-results", "0 0 * * * *", SubmitPolicy.AtLeastOnce, TimeSpan.FromMinutes(20)), (chosen.ResultsContainer, chosen.Schedule, chosen.Workflow.SubmitPolicy, chosen.Workflow.ClaimLease));
    }

    [Theory]
    [InlineData("RELEASE0_SUBMIT_POLICY", "sometimes", "RELEASE0_SUBMIT_POLICY 'sometimes' must be at-most-once")]
    [InlineData("RELEASE0_CLAIM_LEASE", "soon", "RELEASE0_CLAIM_LEASE 'soon' must be a duration as hh:mm:ss")]
    [InlineData("RELEASE0_RESULTS_CONTAINER", "Results_2026", "RELEASE0_RESULTS_CONTAINER 'Results_2026' is not a blob container name")]
    [InlineData("RELEASE0_SCHEDULE", "*/5 * * * *", "RELEASE0_SCHEDULE '*/5 * * * *' has 5 fields")]
    public void A_bad_host_setting_stops_startup_naming_it(string setting, string value, string message)
    {
        var values = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["RELEASE0_SCHEDULE"] = "0 */5 * * * *", [setting] = value };

        var error = Assert.Throws<Release0ConfigurationException>(() => JobHostSettings.From(name => values.GetValueOrDefault(name)));

        Assert.StartsWith(message, error.Message);
    }

    private static Func<string, string?> Settings(params (string Name, string? Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
