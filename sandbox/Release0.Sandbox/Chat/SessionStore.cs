using System.Security.Cryptography;

namespace Release0.Sandbox.Chat;

/// <summary>Sessions in memory (the oldest forgotten past a limit), with ids shaped like the platform's (24 lowercase alphanumerics).</summary>
internal sealed class SessionStore
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private readonly BoundedStore<ChatSessionState> _sessions;

    public SessionStore(int capacity)
    {
        _sessions = new BoundedStore<ChatSessionState>(capacity);
    }

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

    public void Save(ChatSessionState session) => _sessions.Set(session.Id, session);

    public ChatSessionState? Find(string id) => _sessions.TryGet(id, out var session) ? session : null;

    public void Delete(string id) => _sessions.Remove(id);
}
