using Release0.Core.Connection;

namespace Release0.Core.Http;

/// <summary>
/// Puts an id into a request path as one segment. Escaping keeps '/' and '?' inside it; '.' and '..'
/// would still be resolved as "this" and "the parent" and send the call to another route, so they
/// (and ids that decode to them) are refused before anything is sent.
/// </summary>
internal static class PathSegment
{
    /// <summary>Longest id the platform hands out or accepts, with room to spare.</summary>
    public const int MaxIdLength = 256;

    /// <exception cref="Release0ConfigurationException">The id is '.', '..' or decodes to one of them.</exception>
    public static string Escape(string id, string name)
    {
        if (IsDotSegment(id))
        {
            throw new Release0ConfigurationException(name, $"The {name} '{id}' is not an id: '.' and '..' would change the request's route. Give the id as the platform returned it.");
        }

        return Uri.EscapeDataString(id);
    }

    /// <summary>An id the server sent that is safe to show, store and put in a path: not empty, not too long, no control characters, not a dot segment.</summary>
    public static bool IsWellFormedId(string id) =>
        id.Length is > 0 and <= MaxIdLength && !id.Any(char.IsControl) && !IsDotSegment(id);

    private static bool IsDotSegment(string id)
    {
        var decoded = Uri.UnescapeDataString(id).Trim();
        return decoded is "." or "..";
    }
}
