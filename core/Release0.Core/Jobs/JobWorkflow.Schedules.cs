using System.Text.Json.Nodes;
using System.Text.Json;
using Release0.Core.Diagnostics;
using Release0.Core.Jobs.Messages;
using Release0.Core.Jobs.Results;

namespace Release0.Core.Jobs;

/// <summary>The timer: enqueue each scheduled definition once per slot.</summary>
public sealed partial class JobWorkflow
{
    /// <summary>
    /// The timer's work: enqueue every definition's request once for the slot <paramref name="now"/> falls in.
    /// The request is enqueued before the slot is marked, so a crash in between at worst enqueues it
    /// again, and the request's job id (<c>{id}-{slot}</c>) keeps that from submitting twice.
    /// Two definitions with one id would share job ids, so the later one (by name) is rejected.
    /// </summary>
    public async Task<int> EnqueueDueJobsAsync(IJobDefinitionSource definitions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var step = JobTelemetry.StartStep("schedules");
        var enqueued = 0;
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (await definitions.ListAsync(cancellationToken).ConfigureAwait(false)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var (name, text) = (entry.Key, entry.Value);
            if (await ParseOrRejectAsync("schedules", text, ScheduledJobDefinition.Parse, cancellationToken, name).ConfigureAwait(false) is not { } definition)
            {
                continue;
            }

            if (owners.TryGetValue(definition.Id, out var owner))
            {
                await RejectAsync("schedules", name, text, $"id '{definition.Id}' is already used by the definition {owner}; give each definition its own id", cancellationToken).ConfigureAwait(false);
                continue;
            }

            owners[definition.Id] = name;
            var slot = definition.SlotOf(now);
            var marker = ResultPaths.ScheduleSlot(definition.Id, slot);
            if (await _store.ReadAsync(marker, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            var jobId = $"{definition.Id}-{slot}";
            var request = JsonNode.Parse(definition.RequestTemplate)!.AsObject();
            request["jobId"] = jobId;
            await _queue.EnqueueAsync(JobQueues.BatchRequests, request.ToJsonString(), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            var slotRecord = new ScheduleSlotRecord { DefinitionId = definition.Id, Slot = slot, JobId = jobId, EnqueuedAt = _time.GetUtcNow() };
            await _store.TryCreateAsync(marker, JsonSerializer.Serialize(slotRecord, JobsJsonContext.Default.ScheduleSlotRecord), cancellationToken).ConfigureAwait(false);
            enqueued++;
        }

        return enqueued;
    }
}
