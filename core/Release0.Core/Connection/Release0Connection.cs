using Release0.Core.Http;
using Release0.Core.Http.Pacing;

namespace Release0.Core.Connection;

/// <summary>
/// A validated connection to the platform: one HttpClient with its retry pipeline, shared by every
/// client (chats, messages, batches). Create one per set of options and keep it.
/// </summary>
public sealed class Release0Connection : IDisposable
{
    /// <param name="options">Validated here; the connection keeps its own copy of nothing, so do not change them afterwards.</param>
    /// <param name="log">Receives verbose and debug lines, already redacted.</param>
    /// <param name="time">Clock for server-given retry dates; tests and benchmarks may substitute one.</param>
    /// <param name="handler">Only for tests that must produce a fault a real server cannot.</param>
    /// <param name="waits">Told before every retry wait, poll interval and agent-requested pause.</param>
    public Release0Connection(Release0ConnectionOptions options, IRelease0Log? log = null, TimeProvider? time = null, HttpMessageHandler? handler = null, IRelease0WaitObserver? waits = null)
    {
        options.Validate();
        Options = options;
        var redactor = new SecretRedactor(options.ApiToken);
        Transport = new ApiTransport(options, new RedactingLog(log ?? NullRelease0Log.Instance, redactor), redactor, time ?? TimeProvider.System, handler, waits);
    }

    public Release0ConnectionOptions Options { get; }

    /// <summary>True when a token will be sent with each request.</summary>
    public bool HasToken => Options.ApiToken is not null;

    internal ApiTransport Transport { get; }

    /// <summary>How this connection's calls were paced so far (rate, calls sent, refused, time waited).</summary>
    public PaceReport Pacing => Transport.Pace.Report();

    public override string ToString() => $"Release0 connection to {Options}";

    public void Dispose() => Transport.Dispose();
}
