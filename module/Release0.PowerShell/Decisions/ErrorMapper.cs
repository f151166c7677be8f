using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.PowerShell.Hosting;

namespace Release0.PowerShell.Decisions;

/// <summary>Maps what went wrong to an error id, a fitting ErrorCategory and advice.</summary>
internal static class ErrorMapper
{
    public const string NotConnectedAdvice = "Run Connect-Release0 -ApiToken <token> (or set RELEASE0_API_TOKEN) first.";

    public static ErrorSpec From(Exception exception, object? target) => exception switch
    {
        Release0ApiException api => FromApi(api, target),
        BatchWaitThrottledException throttled => BatchWaitThrottled(throttled),
        Release0ConfigurationException config => new ErrorSpec($"Release0.InvalidArgument.{config.Setting}", "InvalidArgument", config.Message, target),
        _ => new ErrorSpec("Release0.Unexpected", "InvalidOperation", exception.Message, target),
    };

    public static ErrorSpec NotConnected(string what) =>
        new("Release0.NotConnected", "AuthenticationError", $"{what} needs an API token, and none is set.", null, null, NotConnectedAdvice);

    public static ErrorSpec Disconnected() =>
        new("Release0.NotConnected", "ConnectionError", "Not connected: Disconnect-Release0 was called, and neither RELEASE0_API_TOKEN nor RELEASE0_BASE_URI is set.", null, null, "Run Connect-Release0 -BaseUri <uri> -ApiToken <token> first.");

    public static ErrorSpec DisconnectedObject() =>
        new("Release0.NotConnected", "ConnectionError", "The object given with -Connection is not a connection: it describes a disconnected state.", null, null, "Pass the object Connect-Release0 -PassThru returns.");

    public static ErrorSpec SecretManagementMissing() =>
        new("Release0.SecretManagementMissing", "NotInstalled", "-SecretName reads the token with Get-Secret, and no Get-Secret command is available: the Microsoft.PowerShell.SecretManagement module is not installed.", null, null, "Install-PSResource Microsoft.PowerShell.SecretManagement (and a vault extension), or pass the token with -ApiToken.");

    public static ErrorSpec SecretUnreadable(string name, string? vault, string reason) =>
        new("Release0.SecretUnreadable", "ReadError", $"Could not read secret '{name}'{(vault is null ? string.Empty : $" from vault '{vault}'")}: {reason}", name, null, "Check the name with Get-SecretInfo, and that the vault is unlocked.");

    public static ErrorSpec NotText(string typeName) =>
        new("Release0.NotMessageText", "InvalidType", PipelineText.Refusal(typeName), null);

    public static ErrorSpec NoMessage() =>
        new("Release0.NoMessage", "InvalidArgument", "Send-AgentMessage -Slug needs a message: give -Message, or pipe strings.", null);

    public static ErrorSpec NoSession() =>
        new("Release0.NoSession", "InvalidArgument", "Send-AgentMessage needs a session: give -Session, -SessionId, or -Slug for an agent by slug.", null, null, "Pipe the object from Start-AgentChat, or an object with a SessionId property.");

    public static ErrorSpec SessionEnded(string sessionId) =>
        new("Release0.SessionEnded", "ObjectNotFound", $"Session {sessionId} has ended: the agent's flow is complete, so nothing was sent.", sessionId, null, "Start a new conversation with Start-AgentChat.");

    public static ErrorSpec BatchFailed(BatchStatus status) =>
        new("Release0.BatchFailed", "InvalidResult", $"Batch job {status.BatchJobId} failed: {FailureReason(status)}.", status.BatchJobId, status.ErrorMessage, "Check the agent and the messages, then submit the job again.");

    // The platform's words first, its code in brackets when it sent one; a stand-in only when it said nothing.
    private static string FailureReason(BatchStatus status) => (status.ErrorMessage, status.ErrorCode) switch
    {
        ({ } message, { } code) => $"{message} ({code})",
        ({ } message, null) => message,
        (null, { } code) => $"error {code}, with no message",
        _ => "the platform gave no reason",
    };

    public static ErrorSpec BatchTimedOut(BatchWaitResult result, TimeSpan timeout) =>
        new("Release0.BatchTimedOut", "OperationTimeout", $"Batch job {result.BatchJobId} was still {result.LastStatus.StatusText ?? "unfinished"} after {timeout.TotalSeconds:0.###}s ({result.Polls} poll{(result.Polls == 1 ? string.Empty : "s")}).", result.BatchJobId, null, "Wait again with Wait-BatchMessage, or raise -TimeoutSec.");

    // The job's own words are not known, so the message is the runner's, not the platform's "slow down".
    private static ErrorSpec BatchWaitThrottled(BatchWaitThrottledException throttled) =>
        new("Release0.BatchWaitThrottled", "LimitsExceeded", throttled.Message, throttled.BatchJobId, null, "Wait for the job again later with Wait-BatchMessage, or raise -TimeoutSec; fewer polls at once (-ThrottleLimit) or a lower Connect-Release0 -MaxRate ask less of the limit.");

    private static ErrorSpec FromApi(Release0ApiException api, object? target)
    {
        var (id, category, advice) = api.Kind switch
        {
            ApiErrorKind.Timeout => ("Release0.Timeout", "OperationTimeout", "Try again, or raise the deadline with Connect-Release0 -DeadlineSec."),
            ApiErrorKind.Network => ("Release0.Network", "ConnectionError", "Check the base URI, the network and any proxy (HTTPS_PROXY)."),
            ApiErrorKind.StreamError => ("Release0.StreamError", "InvalidResult", "Try again; the agent reported an error while answering."),
            ApiErrorKind.IncompleteResponse => ("Release0.IncompleteResponse", "ProtocolError", "The reply was cut off; what arrived is kept. Try again."),
            ApiErrorKind.InvalidResponse => ("Release0.InvalidResponse", "InvalidResult", (string?)null),
            _ => FromStatus(api),
        };
        return new ErrorSpec(id, category, api.Message, target, api.ApiMessage, advice);
    }

    private static (string Id, string Category, string? Advice) FromStatus(Release0ApiException api)
    {
        var status = api.StatusCode ?? 0;
        var id = $"Release0.Http{status}";
        return status switch
        {
            400 or 413 => (id, "InvalidArgument", null),
            401 => (id, "AuthenticationError", "Run Connect-Release0 with a valid -ApiToken, or set RELEASE0_API_TOKEN."),
            402 => (id, "QuotaExceeded", "Check the account's plan and billing."),
            403 => (id, "PermissionDenied", "Use a token that may access this agent."),
            404 => (id, "ObjectNotFound", api.Operation == "continue chat" ? "The session has ended or expired; start a new one with Start-AgentChat." : "Check the id."),
            408 or 504 => (id, "OperationTimeout", "Try again later."),
            409 => (id, "ResourceBusy", "Wait for the current operation to finish, then try again."),
            415 or 422 => (id, "InvalidData", null),
            429 => (id, "LimitsExceeded", api.RetryAfter is { } wait ? $"Wait {wait.TotalSeconds:0}s, or send fewer requests." : "Send fewer requests, then try again."),
            >= 500 => (id, "ResourceUnavailable", "The platform is unavailable; try again later."),
            _ => (id, "InvalidResult", null),
        };
    }
}
