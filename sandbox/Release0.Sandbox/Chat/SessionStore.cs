using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Release0.Sandbox.Chat;

/// <summary>Sessions in memory, with ids shaped like the platform's (24 lowercase alphanumerics).</summary>
internal sealed class SessionStore
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private readonly ConcurrentDictionary<string, ChatSessionState> _sessions = new(StringComparer.Ordinal);

    public static string NewId()
    {
        Span<char> id = stackalloc char[24];
        id[0] = Alphabet[RandomNumberGenerator.GetInt32(26)];
        for (var i = 1; i < id.Length; i++)
        {
            id[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(id);
    }

    public void Save(ChatSessionState session) => _sessions[session.Id] = session;

    public ChatSessionState? Find(string id) => _sessions.TryGetValue(id, out var session) ? session : null;

    public void Delete(string id) => _sessions.TryRemove(id, out _);
}
