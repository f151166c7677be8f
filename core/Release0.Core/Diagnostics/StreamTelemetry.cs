using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Release0.Core.Http;

namespace Release0.Core.Diagnostics;

/// <summary>
/// A span around the reading of a streamed reply (the call's own span is its child): chunks and
/// bytes received, and whether the end marker arrived. A reader that stops early leaves it incomplete
/// without an error; a failure sets <c>error.type</c>.
/// </summary>
internal static class StreamTelemetry
{
    public static async IAsyncEnumerable<string> Observe(IAsyncEnumerable<string> chunks, ApiRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var activity = Release0Telemetry.Source.StartActivity(TelemetryNames.StreamSpan);
        activity?.SetTag(TelemetryNames.Operation, request.Operation);
        long count = 0, bytes = 0;
        var complete = false;
        var reader = chunks.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await reader.MoveNextAsync().ConfigureAwait(false))
                    {
                        complete = true;
                        break;
                    }
                }
                catch (Exception ex)
                {
                    activity?.SetTag(TelemetryNames.ErrorType, CallTelemetry.ErrorType(ex));
                    activity?.SetStatus(ActivityStatusCode.Error, ex is Release0ApiException ? ex.Message : ex.GetType().Name);
                    throw;
                }

                count++;
                bytes += Encoding.UTF8.GetByteCount(reader.Current);
                yield return reader.Current;
            }
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            activity?.SetTag(TelemetryNames.StreamChunks, count);
            activity?.SetTag(TelemetryNames.StreamBytes, bytes);
            activity?.SetTag(TelemetryNames.StreamComplete, complete);
            Release0Metrics.StreamBytes.Add(bytes, new KeyValuePair<string, object?>(TelemetryNames.Operation, request.Operation));
        }
    }
}
