using System.Net;

namespace Release0.Core.Http;

/// <summary>
/// The environment's proxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, or the system's), except that
/// loopback targets always go direct, as NO_PROXY conventions do. A loopback target is the only
/// one the token may reach over plain http; through a proxy it would cross the network in clear.
/// </summary>
internal sealed class LoopbackBypassProxy : IWebProxy
{
    private readonly IWebProxy _inner;

    public LoopbackBypassProxy(IWebProxy inner)
    {
        _inner = inner;
    }

    public ICredentials? Credentials
    {
        get => _inner.Credentials;
        set => _inner.Credentials = value;
    }

    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? null : _inner.GetProxy(destination);

    public bool IsBypassed(Uri host) => host.IsLoopback || _inner.IsBypassed(host);
}
