using System.Collections.Concurrent;
using System.Web;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;
using Release0.Core.Tests;

namespace Release0.Functions.Tests;

/// <summary>
/// Moves queue message visibility onto the test's <see cref="ManualClock"/>, since Azurite keeps real time:
/// a message sent with a visibility delay is recorded with its due time on the clock and sent visible at
/// once, and <see cref="QueueHost"/> hands it to a function only after moving the clock to that time.
/// (That Azurite itself honours the delay is shown without this policy, in StorageJobQueueTests.)
/// </summary>
internal sealed class VisibilityOnClock : HttpPipelinePolicy
{
    private readonly ManualClock _clock;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _due = new();

    public VisibilityOnClock(ManualClock clock)
    {
        _clock = clock;
    }

    /// <summary>Every message the app sent, with the delay it asked for, in order.</summary>
    public ConcurrentQueue<(string Queue, TimeSpan Delay)> Sent { get; } = new();

    public DateTimeOffset DueOf(string messageId) => _due.TryGetValue(messageId, out var due) ? due : DateTimeOffset.MinValue;

    /// <summary>A message the host gave back after a failure is due again after the host's own delay.</summary>
    public void Delay(string messageId, TimeSpan delay) => _due[messageId] = _clock.GetUtcNow() + delay;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var request = message.Request;
        var path = request.Uri.Path;
        if (request.Method != RequestMethod.Post || !path.EndsWith("/messages", StringComparison.Ordinal))
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }

        var query = HttpUtility.ParseQueryString(request.Uri.Query);
        var delay = TimeSpan.FromSeconds(int.Parse(query["visibilitytimeout"] ?? "0", System.Globalization.CultureInfo.InvariantCulture));
        query.Remove("visibilitytimeout");
        request.Uri.Query = query.Count == 0 ? string.Empty : "?" + query;
        await ProcessNextAsync(message, pipeline);
        if (message.Response.Status == 201)
        {
            var id = XDocument.Parse(message.Response.Content.ToString()).Descendants("MessageId").Single().Value;
            _due[id] = _clock.GetUtcNow() + delay;
            Sent.Enqueue((path.Split('/')[^2], delay));
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The adapters call storage asynchronously.");
}
