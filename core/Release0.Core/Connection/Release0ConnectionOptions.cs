using Release0.Core.Http.Pacing;

namespace Release0.Core.Connection;

/// <summary>
/// How to reach the platform. Defaults suit the hosted service; <see cref="Validate"/> checks
/// everything once, before the first request, and names the option that is wrong.
/// </summary>
public sealed class Release0ConnectionOptions
{
    public const string TokenVariable = "RELEASE0_API_TOKEN";
    public const string BaseUriVariable = "RELEASE0_BASE_URI";
    public const string MaxResponseVariable = "RELEASE0_MAX_RESPONSE_MB";
    public const string MaxRateVariable = "RELEASE0_MAX_RATE";
    /// <summary>The shortest attempt timeout or deadline: Polly's timeout refuses anything shorter.</summary>
    public static readonly TimeSpan ShortestTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>Beyond this an answer is held in memory only by mistake.</summary>
    public const long MaxResponseMegabytes = 1024;

    public static readonly Uri DefaultBaseUri = new("https://release0.com");

    /// <summary>Bounds of <see cref="MaxRate"/>: one call a minute, and far beyond any platform's per-token limit.</summary>
    public const double MinMaxRate = 1.0 / 60;
    public const double MaxMaxRate = 10_000;

    /// <summary>Base URI serving all three APIs unless a surface has its own.</summary>
    public Uri BaseUri { get; set; } = DefaultBaseUri;

    /// <summary>Overrides <see cref="BaseUri"/> for chat sessions.</summary>
    public Uri? ChatBaseUri { get; set; }

    /// <summary>Overrides <see cref="BaseUri"/> for agent messages by slug.</summary>
    public Uri? AgentMessagesBaseUri { get; set; }

    /// <summary>Overrides <see cref="BaseUri"/> for batch messages.</summary>
    public Uri? BatchBaseUri { get; set; }

    /// <summary>Bearer token. Never printed: not by <see cref="ToString"/>, logs or exceptions.</summary>
    public string? ApiToken { get; set; }

    /// <summary>Longest wait for one HTTP attempt (headers and, for JSON calls, the body).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest time one operation may take, all attempts and retry delays included.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt, for failures that are safe to retry.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on a computed backoff delay (a server's Retry-After is honoured as given).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Calls per second this connection never exceeds, for a user who knows the platform's quota; the pace
    /// still slows down when the platform refuses calls. Null (the default) learns the rate from the platform alone.
    /// </summary>
    public double? MaxRate { get; set; }

    /// <summary>
    /// Where this connection shares its pace with the other instances of a fleet on the same token (the
    /// Functions app's scaled-out instances share a blob), so together they keep under one limit; null paces
    /// this connection alone.
    /// </summary>
    public IFleetPaceStore? FleetPaceStore { get; set; }

    public string UserAgent { get; set; } = "Release0Automation/" + typeof(Release0ConnectionOptions).Assembly.GetName().Version;

    /// <summary>
    /// Largest answer read, counted after decompression: a whole JSON answer (turn, poll, error) or one
    /// event of a streamed reply. Real answers are far smaller; the limit keeps a hostile or broken
    /// server from filling memory.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Use HTTP_PROXY / HTTPS_PROXY / NO_PROXY (or the system proxy on Windows).</summary>
    public bool UseEnvironmentProxy { get; set; } = true;

    /// <summary>
    /// Options with the token, base URI and maximum rate taken from <c>RELEASE0_API_TOKEN</c>,
    /// <c>RELEASE0_BASE_URI</c> and <c>RELEASE0_MAX_RATE</c> (an app setting in the Functions app) where
    /// those are set. Explicit values set afterwards win.
    /// </summary>
    /// <param name="getVariable">Reads a variable; the process environment when null.</param>
    public static Release0ConnectionOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var options = new Release0ConnectionOptions();
        if (getVariable(TokenVariable)?.Trim() is { Length: > 0 } token)
        {
            options.ApiToken = token;
        }

        if (getVariable(BaseUriVariable)?.Trim() is { Length: > 0 } baseUri)
        {
            options.BaseUri = ParseBaseUri(baseUri, BaseUriVariable);
        }

        if (getVariable(MaxResponseVariable)?.Trim() is { Length: > 0 } megabytes)
        {
            options.MaxResponseBytes = long.TryParse(megabytes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value is > 0 and <= MaxResponseMegabytes
                ? value * 1024 * 1024
                : throw new Release0ConfigurationException(MaxResponseVariable, $"{MaxResponseVariable} '{megabytes}' is not a whole number of megabytes from 1 to {MaxResponseMegabytes}.");
        }

        if (getVariable(MaxRateVariable)?.Trim() is { Length: > 0 } maxRate)
        {
            options.MaxRate = double.TryParse(maxRate, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate)
                ? rate
                : throw new Release0ConfigurationException(MaxRateVariable, $"{MaxRateVariable} '{maxRate}' is not a number of calls per second (for example 20); leave it unset to learn the platform's limit.");
        }

        return options;
    }

    /// <summary>A copy to change for one caller (a per-call deadline, say) without touching these options.</summary>
    public Release0ConnectionOptions Clone() => (Release0ConnectionOptions)MemberwiseClone();

    /// <summary>Parses a base URI typed by a person, with an error that names where it came from.</summary>
    public static Uri ParseBaseUri(string value, string setting)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // Text with an '@' may carry credentials: it is not repeated.
            var shown = value.Contains('@') ? string.Empty : $" '{value}'";
            throw new Release0ConfigurationException(setting, $"{setting}{shown} is not an absolute http:// or https:// URI (for example https://release0.com).");
        }

        CheckUriParts(setting, uri);
        return uri;
    }

    /// <summary>
    /// Credentials in a base URI would be printed wherever the URI is; a query or fragment would be
    /// glued into every request path. Both are refused, naming neither the credentials nor the rest.
    /// </summary>
    private static void CheckUriParts(string setting, Uri uri)
    {
        if (uri.UserInfo.Length > 0)
        {
            throw new Release0ConfigurationException(setting, $"{setting} for {uri.Scheme}://{uri.Authority} carries a user name or password; remove it (the API token goes in {TokenVariable}, never in the URI).");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new Release0ConfigurationException(setting, $"{setting} {uri.GetLeftPart(UriPartial.Path)} has a query or fragment ('?...' or '#...'); give the base URI alone, for example https://release0.com.");
        }
    }

    public Uri GetBaseUri(ApiSurface surface) => surface switch
    {
        ApiSurface.Chat => ChatBaseUri ?? BaseUri,
        ApiSurface.AgentMessages => AgentMessagesBaseUri ?? BaseUri,
        ApiSurface.Batch => BatchBaseUri ?? BaseUri,
        _ => BaseUri,
    };

    /// <summary>Throws <see cref="Release0ConfigurationException"/> naming the first wrong option.</summary>
    public void Validate()
    {
        CheckUri(nameof(BaseUri), BaseUri);
        CheckUri(nameof(ChatBaseUri), ChatBaseUri);
        CheckUri(nameof(AgentMessagesBaseUri), AgentMessagesBaseUri);
        CheckUri(nameof(BatchBaseUri), BatchBaseUri);
        CheckTimeout(nameof(AttemptTimeout), AttemptTimeout);
        CheckTimeout(nameof(Deadline), Deadline);
        CheckPositive(nameof(RetryBaseDelay), RetryBaseDelay);
        CheckPositive(nameof(RetryMaxDelay), RetryMaxDelay);
        if (MaxResponseBytes is < 1024 or > MaxResponseMegabytes * 1024 * 1024)
        {
            throw new Release0ConfigurationException(nameof(MaxResponseBytes), $"MaxResponseBytes must be between 1 KB and {MaxResponseMegabytes} MB (was {MaxResponseBytes}).");
        }

        if (MaxRetries is < 0 or > 10)
        {
            throw new Release0ConfigurationException(nameof(MaxRetries), $"MaxRetries must be between 0 and 10 (was {MaxRetries}).");
        }

        if (MaxRate is { } rate && !(rate is >= MinMaxRate and <= MaxMaxRate))
        {
            throw new Release0ConfigurationException(nameof(MaxRate), $"MaxRate must be between {MinMaxRate:0.####} (one call a minute) and {MaxMaxRate:0} calls per second (was {rate}); leave it unset to learn the platform's limit.");
        }

        if (string.IsNullOrWhiteSpace(UserAgent))
        {
            throw new Release0ConfigurationException(nameof(UserAgent), "UserAgent must not be empty.");
        }

        if (ApiToken is not null && (ApiToken.Length == 0 || ApiToken.Any(char.IsWhiteSpace)))
        {
            throw new Release0ConfigurationException(nameof(ApiToken), "The API token is empty or contains white space; copy it again without spaces or line breaks.");
        }

        // An HTTP header carries ASCII only; sending would fail before anything left the machine.
        for (var at = 0; ApiToken is not null && at < ApiToken.Length; at++)
        {
            if (ApiToken[at] is < '!' or > '~')
            {
                throw new Release0ConfigurationException(nameof(ApiToken), $"The API token has a character that is not printable ASCII at position {at + 1}; nothing was sent. Copy the token again.");
            }
        }
    }

    public override string ToString() =>
        $"{BaseUri} (token {(ApiToken is null ? "not set" : "set")}, attempt timeout {AttemptTimeout.TotalSeconds:0.###}s, deadline {Deadline.TotalSeconds:0.###}s, retries {MaxRetries}{(MaxRate is { } max ? $", at most {max:0.###} calls/s" : string.Empty)})";

    private void CheckUri(string name, Uri? uri)
    {
        if (uri is null)
        {
            return;
        }

        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new Release0ConfigurationException(name, $"{name} must be an absolute http:// or https:// URI.");
        }

        CheckUriParts(name, uri);

        // A bearer token over plain HTTP can be read by anyone on the path; loopback never leaves the machine.
        if (ApiToken is not null && uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            throw new Release0ConfigurationException(name, $"Refusing to send the API token over plain http to {uri.Host}. Use an https:// URI (plain http is allowed only for loopback addresses such as 127.0.0.1).");
        }
    }

    private static void CheckTimeout(string name, TimeSpan value)
    {
        if (value < ShortestTimeout)
        {
            throw new Release0ConfigurationException(name, $"{name} must be at least {ShortestTimeout.TotalMilliseconds:0} ms, the shortest timeout the retry pipeline honours (was {value.TotalMilliseconds:0.###} ms).");
        }
    }

    private static void CheckPositive(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new Release0ConfigurationException(name, $"{name} must be greater than zero (was {value}).");
        }
    }
}
