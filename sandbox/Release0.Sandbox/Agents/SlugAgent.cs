namespace Release0.Sandbox.Agents;

/// <summary>How a slug agent answers one message, as chunks; the stream behaviour says how it ends.</summary>
internal enum StreamEnding
{
    Done,
    Cut,
    Error,
}

/// <param name="Timestamped">Each streamed chunk is replaced by the Stopwatch timestamp of its flush (for latency measurements in one process).</param>
internal sealed record SlugReply(IReadOnlyList<string> Chunks, StreamEnding Ending = StreamEnding.Done, TimeSpan ChunkDelay = default, bool GateAfterFirstChunk = false, bool Timestamped = false)
{
    public string Text => string.Concat(Chunks);
}

/// <summary>
/// The slug agents: <c>echo</c> (numbers its turns per conversation), <c>slow-stream</c>,
/// <c>gated-stream</c>, <c>cut-stream</c>, <c>error-stream</c>, <c>rate-limited</c> (every other
/// request is 429 with X-RateLimit-Reset), <c>long-stream</c> (the message is a character count) and
/// <c>timed-stream</c> (the message is a chunk count; each chunk is its flush timestamp).
/// </summary>
internal static class SlugAgents
{
    public static readonly string[] Slugs = ["echo", "slow-stream", "gated-stream", "cut-stream", "error-stream", "rate-limited", "long-stream", "timed-stream"];

    public static SlugReply Answer(string slug, string message, int turn) => slug switch
    {
        "slow-stream" => new SlugReply(Words($"Streaming reply to: {message}"), ChunkDelay: TimeSpan.FromMilliseconds(30)),
        "gated-stream" => new SlugReply(["First chunk. ", "Second chunk. ", "Last chunk."], GateAfterFirstChunk: true),
        "cut-stream" => new SlugReply(["This reply ", "will be ", "cut off"], StreamEnding.Cut),
        "error-stream" => new SlugReply(["Starting to answer"], StreamEnding.Error),
        "long-stream" => new SlugReply(Long(message)),
        "timed-stream" => new SlugReply(Enumerable.Repeat(string.Empty, int.TryParse(message, out var count) ? Math.Clamp(count, 1, 100_000) : 100).ToList(), ChunkDelay: TimeSpan.FromMilliseconds(1), Timestamped: true),
        _ => new SlugReply(Words($"Echo #{turn}: {message}")),
    };

    private static List<string> Words(string text)
    {
        var parts = text.Split(' ');
        return parts.Select((word, i) => i < parts.Length - 1 ? word + " " : word).ToList();
    }

    /// <summary>A reply of exactly N characters in 4 KiB chunks (capped at 256 MiB).</summary>
    private static IReadOnlyList<string> Long(string message)
    {
        const int chunkSize = 4096;
        var total = long.TryParse(message, out var n) ? Math.Clamp(n, 1, 256L * 1024 * 1024) : 1024;
        var chunk = new string('x', chunkSize);
        var count = (int)(total / chunkSize);
        var chunks = Enumerable.Repeat(chunk, count).ToList();
        if (total % chunkSize > 0)
        {
            chunks.Add(new string('x', (int)(total % chunkSize)));
        }

        return chunks;
    }
}
