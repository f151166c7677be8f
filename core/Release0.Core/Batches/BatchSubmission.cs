using System.Text.Json;

namespace Release0.Core.Batches;

/// <summary>An accepted batch job: its id (for polling) and the response as sent.</summary>
public sealed class BatchSubmission
{
    public BatchSubmission(string batchJobId, JsonElement raw)
    {
        BatchJobId = batchJobId;
        Raw = raw;
    }

    public string BatchJobId { get; }

    public JsonElement Raw { get; }

    public override string ToString() => BatchJobId;
}
