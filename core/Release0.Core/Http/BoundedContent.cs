using System.Buffers;

namespace Release0.Core.Http;

/// <summary>
/// Reads a response body into memory up to a limit, counting the bytes as they arrive (after
/// decompression, which the handler does before this sees them), every read under the caller's token:
/// a stalled or endless body ends with the operation's deadline or a cancellation, never later.
/// </summary>
internal static class BoundedContent
{
    private const int ChunkBytes = 64 * 1024;

    /// <exception cref="ResponseLimitException">The body, as sent or as it unpacks, is larger than <paramref name="limit"/>.</exception>
    public static async Task<MemoryStream> ReadAsync(HttpContent content, long limit, CancellationToken token)
    {
        if (content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw new ResponseLimitException(limit);
        }

        // Sized once when the server said how much is coming (within the limit, checked above).
        var body = new MemoryStream(content.Headers.ContentLength is { } length ? (int)length : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
            int read;
            while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, token).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > limit)
                {
                    throw new ResponseLimitException(limit);
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        body.Position = 0;
        return body;
    }

    /// <summary>The start of a body, for an error message: at most <paramref name="limit"/> bytes, the rest left unread.</summary>
    public static async Task<byte[]> ReadStartAsync(HttpContent content, int limit, CancellationToken token)
    {
        var start = new byte[limit];
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        var total = 0;
        int read;
        while (total < limit && (read = await stream.ReadAsync(start, total, limit - total, token).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        Array.Resize(ref start, total);
        return start;
    }
}
