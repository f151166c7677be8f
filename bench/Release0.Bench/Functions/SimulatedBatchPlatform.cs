using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Release0.Bench.Functions;

/// <summary>
/// The batch-message API answered in process on the driven clock (the sandbox keeps real time, and
/// these jobs run for minutes): a job named by its message text ("job-N") completes after that job's
/// duration. Answers have the sandbox's shapes; every call is counted.
/// </summary>
internal sealed class SimulatedBatchPlatform : HttpMessageHandler
{
    private readonly DrivenClock _clock;
    private readonly Func<string, TimeSpan> _durationOf;
    private readonly Dictionary<string, DateTimeOffset> _finishesAt = new(StringComparer.Ordinal);

    public SimulatedBatchPlatform(DrivenClock clock, Func<string, TimeSpan> durationOf)
    {
        _clock = clock;
        _durationOf = durationOf;
    }

    public int Submits { get; private set; }

    public int Polls { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath.TrimEnd('/');
        const string route = "/api/v1/chat/batch-message";
        if (path == route)
        {
            Submits++;
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            var messages = JsonNode.Parse(body["messages"]!.GetValue<string>())!.AsArray();
            var job = messages[0]!["text"]!.GetValue<string>();
            _finishesAt[job] = _clock.GetUtcNow() + _durationOf(job);
            return Json(new JsonObject { ["batchJobId"] = job });
        }

        var id = path[(route.Length + 1)..];
        Polls++;
        var done = _clock.GetUtcNow() >= _finishesAt[id];
        return Json(done
            ? new JsonObject { ["batchJobId"] = id, ["status"] = "completed", ["messages"] = new JsonArray(new JsonObject { ["type"] = string.Empty, ["text"] = "done" }) }
            : new JsonObject { ["batchJobId"] = id, ["status"] = "running", ["messages"] = new JsonArray() });
    }

    private static HttpResponseMessage Json(JsonNode body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
