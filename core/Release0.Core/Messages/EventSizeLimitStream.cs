using Release0.Core.Http;

namespace Release0.Core.Messages;

/// <summary>
/// Passes a Server-Sent Events body through, failing with <see cref="ResponseLimitException"/> as
/// soon as one event (the bytes since the last blank line) grows past the limit. The SSE parser
/// holds an event whole until it ends, so a line that never ends would otherwise fill memory.
/// </summary>
internal sealed class EventSizeLimitStream : Stream
{
    private readonly Stream _inner;
    private readonly long _limit;
    private long _eventBytes;
    private bool _lineEmpty = true;

    public EventSizeLimitStream(Stream inner, long limit)
    {
        _inner = inner;
        _limit = limit;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(buffer, offset, _inner.Read(buffer, offset, count));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(buffer, offset, await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

#if NET8_0_OR_GREATER
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(buffer.Span.Slice(0, read));
        return read;
    }
#endif

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(byte[] buffer, int offset, int read)
    {
        Count(new ReadOnlySpan<byte>(buffer, offset, read));
        return read;
    }

    private void Count(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b == (byte)'\n')
            {
                // A blank line (empty, or a lone "\r" of a CRLF line) ends the event.
                _eventBytes = _lineEmpty ? 0 : _eventBytes;
                _lineEmpty = true;
                continue;
            }

            if (b != (byte)'\r')
            {
                _lineEmpty = false;
            }

            if (++_eventBytes > _limit)
            {
                throw new ResponseLimitException(_limit);
            }
        }
    }
}
