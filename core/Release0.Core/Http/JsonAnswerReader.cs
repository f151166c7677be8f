using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Release0.Core.Http;

/// <summary>
/// Reads a successful answer that must be JSON: bounded by <c>MaxResponseBytes</c>, within the
/// attempt timeout and the operation's deadline, strictly UTF-8, and with the token removed from
/// whatever the server echoed. Every surprise becomes a <see cref="Release0ApiException"/> of its kind.
/// </summary>
internal static class JsonAnswerReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A session the platform may have created is worth naming even when its answer is unreadable.</summary>
    private static readonly Regex SessionId = new("\"sessionId\"\\s*:\\s*\"([A-Za-z0-9_-]{1,128})\"", RegexOptions.CultureInvariant);

    public static async Task<JsonElement> ReadAsync(ApiTransport transport, ApiRequest request, Uri uri, HttpResponseMessage response, OperationDeadline deadline)
    {
        var status = (int)response.StatusCode;
        using var body = await ReadBodyAsync(transport, request, uri, response, deadline).ConfigureAwait(false);
        var bytes = new ArraySegment<byte>(body.GetBuffer(), 0, (int)body.Length);
        if (transport.Log.IsEnabled(Release0LogLevel.Debug))
        {
            transport.Log.Write(Release0LogLevel.Debug, $"{request.Method} {uri} response body: {Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, bytes.Count)}");
        }

        try
        {
            StrictUtf8.GetCharCount(bytes.Array!, bytes.Offset, bytes.Count);
        }
        catch (DecoderFallbackException ex)
        {
            var at = ex.Index >= 0 ? $" (at byte {ex.Index + 1:N0})" : string.Empty;
            throw transport.Error(request, uri, ApiErrorKind.InvalidResponse, $"the server answered {status} with a body that is not valid UTF-8{at}{SessionHint(bytes)}", null, statusCode: status);
        }

        try
        {
            using var document = JsonDocument.Parse(WithoutByteOrderMark(bytes));
            return transport.Redactor.Redact(document.RootElement);
        }
        catch (JsonException ex)
        {
            var shown = ApiErrorParser.OneLine(Encoding.UTF8.GetString(bytes.Array!, bytes.Offset, Math.Min(bytes.Count, 4096)));
            throw transport.Error(request, uri, ApiErrorKind.InvalidResponse, $"the server answered {status} with a body that is not JSON{SessionHint(bytes)}: {shown}", ex, statusCode: status);
        }
    }

    private static async Task<MemoryStream> ReadBodyAsync(ApiTransport transport, ApiRequest request, Uri uri, HttpResponseMessage response, OperationDeadline deadline)
    {
        // The body is part of the attempt: it has the attempt's time, and never more than the deadline's.
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        using var timer = transport.Time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), attempt, transport.Options.AttemptTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            return await BoundedContent.ReadAsync(response.Content, transport.Options.MaxResponseBytes, attempt.Token).ConfigureAwait(false);
        }
        catch (ResponseLimitException ex)
        {
            throw transport.Error(request, uri, ApiErrorKind.InvalidResponse, ex.Describe($"the answer ({(int)response.StatusCode})"), null, statusCode: (int)response.StatusCode);
        }
        catch (OperationCanceledException ex) when (!deadline.CallerCancelled)
        {
            var limit = deadline.Expired ? $"the deadline of {deadline.Length.TotalSeconds:0.###}s" : $"the attempt timeout of {transport.Options.AttemptTimeout.TotalSeconds:0.###}s";
            throw transport.Error(request, uri, ApiErrorKind.Timeout, $"the answer's body did not arrive within {limit}", ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw transport.Error(request, uri, ApiErrorKind.Network, $"the connection dropped while the answer was read: {ApiErrorParser.OneLine(ex.Message)}", ex);
        }
    }

    private static ReadOnlyMemory<byte> WithoutByteOrderMark(ArraySegment<byte> bytes) =>
        bytes.Count >= 3 && bytes.Array![bytes.Offset] == 0xEF && bytes.Array[bytes.Offset + 1] == 0xBB && bytes.Array[bytes.Offset + 2] == 0xBF
            ? new ReadOnlyMemory<byte>(bytes.Array, bytes.Offset + 3, bytes.Count - 3)
            : new ReadOnlyMemory<byte>(bytes.Array, bytes.Offset, bytes.Count);

    private static string SessionHint(ArraySegment<byte> bytes)
    {
        var text = Encoding.ASCII.GetString(bytes.Array!, bytes.Offset, Math.Min(bytes.Count, 64 * 1024));
        return SessionId.Match(text) is { Success: true } match ? $"; it names session {match.Groups[1].Value}, which the platform may have created" : string.Empty;
    }
}
