using System.Diagnostics;
using Release0.Core.Http;

namespace Release0.Core.Diagnostics;

/// <summary>
/// One platform call from <see cref="CallTelemetry.Start"/> to its outcome: the span (null when
/// nobody listens) and when the call started. A struct, so timing a call allocates nothing.
/// </summary>
internal readonly struct CallSpan : IDisposable
{
    private readonly Activity? _activity;
    private readonly ApiRequest _request;
    private readonly Uri _uri;
    private readonly long _started;

    public CallSpan(Activity? activity, ApiRequest request, Uri uri, long started)
    {
        _activity = activity;
        _request = request;
        _uri = uri;
        _started = started;
    }

    public void Succeeded(int statusCode) => CallTelemetry.Finish(_activity, _request, _uri, _started, statusCode, null, null);

    public void Failed(Exception exception)
    {
        var apiError = exception as Release0ApiException;
        CallTelemetry.Finish(_activity, _request, _uri, _started, apiError?.StatusCode, CallTelemetry.ErrorType(exception), apiError?.Message ?? exception.GetType().Name);
    }

    public void Dispose() => _activity?.Dispose();
}
