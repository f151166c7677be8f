namespace Release0.Core.Http;

/// <summary>Wraps the caller's log so that nothing written through the core can carry the token.</summary>
internal sealed class RedactingLog : IRelease0Log
{
    private readonly IRelease0Log _inner;
    private readonly SecretRedactor _redactor;

    public RedactingLog(IRelease0Log inner, SecretRedactor redactor)
    {
        _inner = inner;
        _redactor = redactor;
    }

    public bool IsEnabled(Release0LogLevel level) => _inner.IsEnabled(level);

    public void Write(Release0LogLevel level, string message)
    {
        if (_inner.IsEnabled(level))
        {
            _inner.Write(level, _redactor.Redact(message));
        }
    }
}
