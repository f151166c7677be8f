using Release0.Core.Batches;

namespace Release0.PowerShell.Decisions;

/// <summary>A batch request to submit and the input rows whose messages it holds.</summary>
internal sealed class PlannedJob
{
    public PlannedJob(BatchRequest request, IReadOnlyList<string> rowIds)
    {
        Request = request;
        RowIds = rowIds;
    }

    public BatchRequest Request { get; }

    public IReadOnlyList<string> RowIds { get; }
}
