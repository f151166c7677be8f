using System.Globalization;
using System.Text.RegularExpressions;
using Release0.Core.Connection;
using Release0.Core.Jobs;

namespace Release0.Functions.Hosting;

/// <summary>
/// Every app setting the Functions app reads, validated once at startup so a mistake stops the app
/// with one line naming the setting, instead of failing later inside a trigger.
/// </summary>
public sealed class JobHostSettings
{
    public const string ScheduleSetting = "RELEASE0_SCHEDULE";
    public const string ResultsContainerSetting = "RELEASE0_RESULTS_CONTAINER";
    public const string DefinitionsContainerSetting = "RELEASE0_DEFINITIONS_CONTAINER";
    public const string SubmitPolicySetting = "RELEASE0_SUBMIT_POLICY";
    public const string ClaimLeaseSetting = "RELEASE0_CLAIM_LEASE";

    private static readonly Regex ContainerName = new(@"\A(?=.{3,63}\z)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*\z", RegexOptions.Compiled);

    private JobHostSettings(StorageConnectionSettings storage, string resultsContainer, string definitionsContainer, string schedule, JobWorkflowOptions workflow)
    {
        Storage = storage;
        ResultsContainer = resultsContainer;
        DefinitionsContainer = definitionsContainer;
        Schedule = schedule;
        Workflow = workflow;
    }

    public StorageConnectionSettings Storage { get; }

    public string ResultsContainer { get; }

    public string DefinitionsContainer { get; }

    /// <summary>The timer's NCRONTAB schedule (the trigger reads it as <c>%RELEASE0_SCHEDULE%</c>).</summary>
    public string Schedule { get; }

    /// <summary>The workflow's options from the settings: submit policy and claim lease.</summary>
    public JobWorkflowOptions Workflow { get; }

    public static JobHostSettings From(Func<string, string?> get)
    {
        var storage = StorageConnectionSettings.From(get);
        var schedule = get(ScheduleSetting);
        NcrontabSchedule.Validate(schedule, ScheduleSetting);
        var workflow = new JobWorkflowOptions { SubmitPolicy = Policy(get(SubmitPolicySetting)) };
        if (get(ClaimLeaseSetting) is { } lease && !string.IsNullOrWhiteSpace(lease))
        {
            workflow.ClaimLease = TimeSpan.TryParse(lease, CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero
                ? value
                : throw new Release0ConfigurationException(ClaimLeaseSetting, $"{ClaimLeaseSetting} '{lease}' must be a duration as hh:mm:ss, e.g. 00:15:00.");
        }

        workflow.Validate();
        return new JobHostSettings(
            storage,
            Container(get(ResultsContainerSetting), ResultsContainerSetting, "release0-results"),
            Container(get(DefinitionsContainerSetting), DefinitionsContainerSetting, "release0-job-definitions"),
            schedule!.Trim(),
            workflow);
    }

    private static SubmitPolicy Policy(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "at-most-once" => SubmitPolicy.AtMostOnce,
        "at-least-once" => SubmitPolicy.AtLeastOnce,
        _ => throw new Release0ConfigurationException(SubmitPolicySetting, $"{SubmitPolicySetting} '{value}' must be at-most-once (the default: an ambiguous submit failure ends the job) or at-least-once (it is retried, at the risk of a duplicate)."),
    };

    private static string Container(string? value, string setting, string fallback)
    {
        var name = string.IsNullOrWhiteSpace(value) ? fallback : value!.Trim();
        return ContainerName.IsMatch(name)
            ? name
            : throw new Release0ConfigurationException(setting, $"{setting} '{name}' is not a blob container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.");
    }
}
