using System.Globalization;
using Release0.Core.Json;

namespace Release0.Core.Jobs.Messages;

/// <summary>
/// A job that runs every <see cref="EveryMinutes"/> minutes: the timer enqueues its request once per
/// slot, with job id <c>{id}-{slot}</c>, so a second timer run in the same slot changes nothing.
/// </summary>
public sealed class ScheduledJobDefinition
{
    private ScheduledJobDefinition(string id, int everyMinutes, string requestTemplate)
    {
        Id = id;
        EveryMinutes = everyMinutes;
        RequestTemplate = requestTemplate;
    }

    public string Id { get; }

    public int EveryMinutes { get; }

    /// <summary>The <c>request</c> object's JSON: a batch job request without a job id.</summary>
    public string RequestTemplate { get; }

    public static ScheduledJobDefinition Parse(string text)
    {
        var root = JobJson.ParseObject(text, "scheduled job definition");
        var id = JobJson.Id(root, "id");
        var every = JobJson.Int(root, "everyMinutes", id, 1);
        if (root.Prop("request") is not { ValueKind: System.Text.Json.JsonValueKind.Object } request)
        {
            throw new JobMessageException("request is required: the batch job to submit each time (without a jobId)", id);
        }

        // Validate the template now, so a broken definition is reported once, not on every slot.
        BatchJobRequest.FromTemplate(request, id);
        return new ScheduledJobDefinition(id, every, request.GetRawText());
    }

    /// <summary>The slot a moment falls in, named by its start (UTC), e.g. <c>202611210300</c>.</summary>
    public string SlotOf(DateTimeOffset now)
    {
        var epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var minutes = (long)Math.Floor((now.UtcDateTime - epoch).TotalMinutes);
        var start = epoch.AddMinutes(minutes - (minutes % EveryMinutes));
        return start.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
    }
}
