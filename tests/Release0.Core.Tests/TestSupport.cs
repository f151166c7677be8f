using System.Collections.Concurrent;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Sandbox;

namespace Release0.Core.Tests;

/// <summary>Collects what the core logs, at every level.</summary>
internal sealed class ListLog : IRelease0Log
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string All => string.Join("\n", _lines);

    public bool IsEnabled(Release0LogLevel level) => true;

    public void Write(Release0LogLevel level, string message) => _lines.Enqueue($"{level}: {message}");
}

/// <summary>Collects the waits the core announces.</summary>
internal sealed class WaitLog : IRelease0WaitObserver
{
    private readonly ConcurrentQueue<Release0Wait> _waits = new();

    public IReadOnlyList<Release0Wait> All => _waits.ToArray();

    public void Waiting(Release0Wait wait) => _waits.Enqueue(wait);
}

/// <summary>A sandbox of the test's own, so faults queued by one test never reach another.</summary>
internal sealed class Sandbox : IAsyncDisposable
{
    private Sandbox(SandboxServer server)
    {
        Server = server;
    }

    public SandboxServer Server { get; }

    public ListLog Log { get; } = new();

    public static async Task<Sandbox> StartAsync(ErrorShape shape = ErrorShape.Trpc) =>
        new(await SandboxServer.StartAsync(new SandboxOptions { ErrorShape = shape }));

    /// <summary>Options pointing at this sandbox, with fast retries so tests stay quick.</summary>
    public Release0ConnectionOptions Options(bool withToken = true) => new()
    {
        BaseUri = Server.BaseUri,
        ApiToken = withToken ? Server.Token : null,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        Deadline = TimeSpan.FromSeconds(30),
    };

    /// <summary>Every wait the core announced, in order.</summary>
    public WaitLog Waits { get; } = new();

    public Release0Connection Connect(Action<Release0ConnectionOptions>? configure = null, bool withToken = true, TimeProvider? time = null)
    {
        var options = Options(withToken);
        configure?.Invoke(options);
        return new Release0Connection(options, Log, time, waits: Waits);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
