using Release0.Core.Connection;
using Release0.Sandbox;

namespace Release0.Extensions.AI.Tests;

/// <summary>A sandbox of the test's own on 127.0.0.1, and a connection to it with quick retries.</summary>
internal sealed class Sandbox : IAsyncDisposable
{
    private Sandbox(SandboxServer server)
    {
        Server = server;
        Connection = new Release0Connection(new Release0ConnectionOptions
        {
            BaseUri = server.BaseUri,
            ApiToken = server.Token,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
            RetryMaxDelay = TimeSpan.FromMilliseconds(100),
            AttemptTimeout = TimeSpan.FromSeconds(10),
            Deadline = TimeSpan.FromSeconds(30),
        });
    }

    public SandboxServer Server { get; }

    public Release0Connection Connection { get; }

    public static async Task<Sandbox> StartAsync() => new(await SandboxServer.StartAsync());

    public async ValueTask DisposeAsync()
    {
        Connection.Dispose();
        await Server.DisposeAsync();
    }
}
