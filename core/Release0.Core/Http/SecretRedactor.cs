using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Release0.Core.Http;

/// <summary>
/// Removes the token from any text that leaves the core (log lines, exception messages, answers a
/// server echoed back, results written to disk). A server that echoes the token rarely echoes it
/// as sent, so the token is also found URL-encoded, JSON-escaped (<c>\u0041</c>, <c>\/</c>), in any
/// letter case, and base64-encoded (standard or URL alphabet, at any alignment inside a longer value).
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "[redacted]";

    /// <summary>Shorter base64 runs would match ordinary text by chance.</summary>
    private const int ShortestBase64Core = 8;

    private readonly Regex? _pattern;
    private readonly string _secret = string.Empty;
    private readonly string[] _base64Forms = [];
    private readonly int _shortest;

    public SecretRedactor(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        _secret = secret!;
        _base64Forms = Base64Cores(Encoding.UTF8.GetBytes(_secret)).SelectMany(core => new[] { core, core.Replace('+', '-').Replace('/', '_') }).Distinct().ToArray();
        _pattern = new Regex(BuildPattern(_secret, _base64Forms), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        _shortest = Math.Min(_secret.Length, ShortestBase64Core);
    }

    public string Redact(string text) =>
        MayContain(text) ? _pattern!.Replace(text, Mask) : text;

    /// <summary>True when the text holds the token in any form <see cref="Redact(string)"/> removes.</summary>
    public bool Contains(string text) => MayContain(text) && _pattern!.IsMatch(text);

    /// <summary>
    /// The JSON with the token removed from every property name and string value (after decoding
    /// their escapes), detached from its document.
    /// </summary>
    public JsonElement Redact(JsonElement json)
    {
        // Without a token there is nothing to look for, and the raw text need not be built.
        if (_pattern is null || !Contains(json.GetRawText()))
        {
            return json.Clone();
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteRedacted(writer, json);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private void WriteRedacted(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(Redact(property.Name));
                    WriteRedacted(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteRedacted(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(Redact(value.GetString()!));
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    /// <summary>
    /// A quick look first, since every answer passes here: without the token in some letter case,
    /// an escape or one of its base64 forms, the text cannot hold it (the pattern costs far more).
    /// </summary>
    private bool MayContain(string text) =>
        _pattern is not null && text.Length >= _shortest
        && (text.IndexOf(_secret, StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf('%') >= 0
            || text.IndexOf("\\u00", StringComparison.OrdinalIgnoreCase) >= 0
            || text.IndexOf("\\/", StringComparison.Ordinal) >= 0
            || _base64Forms.Any(form => text.IndexOf(form, StringComparison.Ordinal) >= 0));

    /// <summary>Each character as itself, <c>%XX</c> or <c>\u00XX</c>; or one of the token's base64 forms.</summary>
    private static string BuildPattern(string secret, IEnumerable<string> base64Forms)
    {
        var plain = new StringBuilder();
        foreach (var c in secret)
        {
            var hex = ((int)c).ToString("X2");
            plain.Append("(?:").Append(Regex.Escape(c.ToString())).Append("|%").Append(hex).Append(@"|\\u00").Append(hex);
            if (c == '/')
            {
                plain.Append(@"|\\/");
            }

            plain.Append(')');
        }

        return string.Join("|", new[] { plain.ToString() }.Concat(base64Forms.Select(form => "(?-i:" + Regex.Escape(form) + ")")));
    }

    /// <summary>
    /// The base64 characters fixed by the token's bytes alone, for each of the three positions the
    /// token can start at within an encoded value (the characters shared with neighbours are left out).
    /// </summary>
    private static IEnumerable<string> Base64Cores(byte[] secret)
    {
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset + secret.Length];
            Array.Copy(secret, 0, padded, offset, secret.Length);
            var encoded = Convert.ToBase64String(padded).TrimEnd('=');
            var skip = offset switch { 0 => 0, 1 => 2, _ => 3 };
            var drop = padded.Length % 3 == 0 ? 0 : 1;
            if (encoded.Length - skip - drop >= ShortestBase64Core)
            {
                yield return encoded.Substring(skip, encoded.Length - skip - drop);
            }
        }
    }
}
