using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Release0.Sandbox.Faults;

/// <summary>Applies queued fault rules to incoming requests, each rule for its set number of requests.</summary>
public sealed class FaultInjector
{
    private readonly ConcurrentQueue<FaultRule> _rules = new();
    private readonly ErrorWriter _errors;
    private readonly SubmitGate _submits;

    internal FaultInjector(ErrorWriter errors, SubmitGate submits)
    {
        _errors = errors;
        _submits = submits;
    }

    public void Add(FaultRule rule) => _rules.Enqueue(rule);

    public void Add(string spec) => Add(FaultRule.Parse(spec));

    /// <summary>Answers the request with a fault when a rule applies; false lets it through.</summary>
    internal async Task<bool> TryHandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var rule = _rules.FirstOrDefault(r => r.TryTake(path));
        if (rule is null)
        {
            return false;
        }

        var response = context.Response;
        switch (rule.Kind)
        {
            case FaultKind.RateLimited:
                response.Headers.RetryAfter = (rule.Argument ?? 1).ToString(CultureInfo.InvariantCulture);
                await _errors.WriteAsync(context, 429, "TOO_MANY_REQUESTS", "Too many requests, slow down.");
                return true;
            case FaultKind.RateLimitedReset:
                var reset = DateTimeOffset.UtcNow.AddSeconds(rule.Argument ?? 1).ToUnixTimeSeconds() + 1;
                response.Headers["X-RateLimit-Limit"] = "1000";
                response.Headers["X-RateLimit-Remaining"] = "0";
                response.Headers["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
                await _errors.WriteAsync(context, 429, "TOO_MANY_REQUESTS", "Rate limit reached.");
                return true;
            case FaultKind.RateLimitedFarReset:
                response.Headers["X-RateLimit-Reset"] = "99999999999999";
                await _errors.WriteAsync(context, 429, "TOO_MANY_REQUESTS", "Rate limit reached.");
                return true;
            case FaultKind.RateLimitedWhenHeld:
                await _submits.WhenHeldAsync(rule.Argument ?? 1).WaitAsync(context.RequestAborted);
                response.Headers.RetryAfter = "60";
                await _errors.WriteAsync(context, 429, "TOO_MANY_REQUESTS", "Too many requests, slow down.");
                return true;
            case FaultKind.ServerError:
                await _errors.WriteAsync(context, 500, "INTERNAL_SERVER_ERROR", "Sandbox fault: internal error.");
                return true;
            case FaultKind.LeakToken:
                await _errors.WriteAsync(context, 500, "INTERNAL_SERVER_ERROR", $"Could not authorize header '{context.Request.Headers.Authorization}'.");
                return true;
            case FaultKind.BadGatewayHtml:
                response.StatusCode = 502;
                response.ContentType = "text/html";
                await response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>");
                return true;
            case FaultKind.Unavailable:
                response.Headers.RetryAfter = (rule.Argument ?? 1).ToString(CultureInfo.InvariantCulture);
                await _errors.WriteAsync(context, 503, "SERVICE_UNAVAILABLE", "Sandbox fault: temporarily unavailable.");
                return true;
            case FaultKind.UnavailableBare:
                await _errors.WriteAsync(context, 503, "SERVICE_UNAVAILABLE", "Sandbox fault: unavailable.");
                return true;
            case FaultKind.GatewayTimeoutEmpty:
                response.StatusCode = 504;
                return true;
            case FaultKind.Drop:
                context.Abort();
                return true;
            case FaultKind.HtmlOk:
                response.StatusCode = 200;
                response.ContentType = "text/html";
                await response.WriteAsync("<html><body>Welcome to the captive portal</body></html>");
                return true;
            case FaultKind.Slow:
                await Task.Delay(rule.Argument ?? 2000, context.RequestAborted);
                return false;
            default:
                return false;
        }
    }
}
