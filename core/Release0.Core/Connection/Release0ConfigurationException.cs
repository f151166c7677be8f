namespace Release0.Core.Connection;

/// <summary>Connection options or a request were rejected before anything was sent.</summary>
public sealed class Release0ConfigurationException : Exception
{
    public Release0ConfigurationException(string setting, string message)
        : base(message)
    {
        Setting = setting;
    }

    /// <summary>The option or field that was wrong, e.g. <c>BaseUri</c>.</summary>
    public string Setting { get; }
}
