using System.Text;
using System.Text.Json;

namespace Release0.Cli.Tests;

/// <summary>Checks on what a run left where a user (or an attacker watching) can read it.</summary>
internal static class UserSees
{
    /// <summary>The forms a server echoing the token might use: as sent, URL-encoded, in base64, in another case.</summary>
    private static readonly string[] TokenForms =
    [
        HostileServer.Token,
        Uri.EscapeDataString(HostileServer.Token),
        Convert.ToBase64String(Encoding.UTF8.GetBytes(HostileServer.Token)).TrimEnd('='),
    ];

    /// <summary>No form of the token in the text, nor in any string of it read as JSON (escapes decoded).</summary>
    public static void NoToken(string text)
    {
        foreach (var value in new[] { text }.Concat(JsonStrings(text)))
        {
            foreach (var form in TokenForms)
            {
                Assert.False(value.Contains(form, StringComparison.OrdinalIgnoreCase), $"The token (as {form}) appears in: {value}");
            }
        }
    }

    /// <summary>No file under the folder holds the token in any form.</summary>
    public static void NoTokenInFiles(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            NoToken(File.ReadAllText(file));
        }
    }

    /// <summary>Only line feeds and tabs among the control characters: nothing a terminal would act on.</summary>
    public static void NoControlCharacters(string text)
    {
        var found = text.FirstOrDefault(c => c is not '\n' and not '\t' && (c < 0x20 || c is >= '\x7F' and <= '\x9F'));
        Assert.True(found == default, $"A raw control character U+{(int)found:X4} reached the terminal: {text}");
    }

    /// <summary>Every string (names and values) of the text read as JSON, escapes decoded, one a line.</summary>
    public static string DecodedJson(string text) => string.Join("\n", JsonStrings(text));

    /// <summary>Exactly one line, returned.</summary>
    public static string OneLine(string text)
    {
        Assert.EndsWith("\n", text);
        return Assert.Single(text.TrimEnd('\n').Split('\n'));
    }

    private static IEnumerable<string> JsonStrings(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            yield break;
        }

        using (document)
        {
            var pending = new Stack<JsonElement>([document.RootElement]);
            while (pending.TryPop(out var element))
            {
                switch (element.ValueKind)
                {
                    case JsonValueKind.Object:
                        foreach (var property in element.EnumerateObject())
                        {
                            yield return property.Name;
                            pending.Push(property.Value);
                        }

                        break;
                    case JsonValueKind.Array:
                        foreach (var item in element.EnumerateArray())
                        {
                            pending.Push(item);
                        }

                        break;
                    case JsonValueKind.String:
                        yield return element.GetString()!;
                        break;
                }
            }
        }
    }
}
