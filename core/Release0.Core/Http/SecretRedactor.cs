namespace Release0.Core.Http;

/// <summary>
/// Removes the token from any text that leaves the core (log lines, exception messages, error
/// bodies a server echoed back). A last line of defence: the token is never put in text on purpose.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "[redacted]";
    private readonly string? _secret;

    public SecretRedactor(string? secret)
    {
        _secret = string.IsNullOrEmpty(secret) ? null : secret;
    }

    public string Redact(string text) =>
        _secret is null || text.IndexOf(_secret, StringComparison.Ordinal) < 0 ? text : text.Replace(_secret, Mask);
}
