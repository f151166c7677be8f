using Azure.Core;
using Azure.Core.Pipeline;

namespace Release0.Functions.Tests;

/// <summary>
/// Holds blob writes whose path contains <c>pathPart</c> until <c>parties</c> of them are in flight, then lets
/// them all go: concurrent writers that reach the storage service at the same moment, without sleeping.
/// </summary>
internal sealed class WriteBarrier : HttpPipelinePolicy
{
    private readonly string _pathPart;
    private readonly int _parties;
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public WriteBarrier(string pathPart, int parties)
    {
        _pathPart = pathPart;
        _parties = parties;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.Contains(_pathPart, StringComparison.Ordinal) && !_open.Task.IsCompleted)
        {
            if (Interlocked.Increment(ref _arrived) == _parties)
            {
                _open.TrySetResult();
            }

            await _open.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The adapters call storage asynchronously.");
}
