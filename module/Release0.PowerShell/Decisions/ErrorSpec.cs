namespace Release0.PowerShell.Decisions;

/// <summary>
/// Everything an ErrorRecord needs, decided without PowerShell types so it is tested everywhere.
/// <see cref="Category"/> is the name of an <c>ErrorCategory</c> member.
/// </summary>
internal sealed class ErrorSpec
{
    public ErrorSpec(string errorId, string category, string message, object? target, string? platformMessage = null, string? recommendedAction = null)
    {
        ErrorId = errorId;
        Category = category;
        Message = message;
        Target = target;
        PlatformMessage = platformMessage;
        RecommendedAction = recommendedAction;
    }

    /// <summary>Stable id; PowerShell appends the cmdlet name to form the FullyQualifiedErrorId.</summary>
    public string ErrorId { get; }

    public string Category { get; }

    public string Message { get; }

    /// <summary>The session, conversation or batch job the error is about.</summary>
    public object? Target { get; }

    /// <summary>The platform's own message, for ErrorDetails.</summary>
    public string? PlatformMessage { get; }

    public string? RecommendedAction { get; }
}
