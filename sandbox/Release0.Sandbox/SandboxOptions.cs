namespace Release0.Sandbox;

/// <summary>Which error body shape the sandbox answers with (contract section 12).</summary>
public enum ErrorShape
{
    /// <summary><c>{code, message, issues?}</c>, what Release0 documents.</summary>
    Trpc,

    /// <summary><c>{defined, code, status, message}</c>, current Typebot.</summary>
    Orpc,
}

public sealed class SandboxOptions
{
    public const string DefaultToken = "sandbox-token";

    /// <summary>0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>The bearer token preview chats (and later APIs) require.</summary>
    public string Token { get; set; } = DefaultToken;

    public ErrorShape ErrorShape { get; set; } = ErrorShape.Trpc;

    /// <summary>How long a <c>batch-echo</c> job takes to complete.</summary>
    public TimeSpan BatchJobDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Extra latency added to every API response (for load measurements).</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>Sessions, batch jobs, conversations and journal entries kept (each); the oldest are forgotten first.</summary>
    public int MaxRetained { get; set; } = 10_000;

    /// <summary>Receives one line per request (method, path, status, milliseconds); null logs nothing.</summary>
    public Action<string>? RequestLog { get; set; }

    /// <summary>Calls per second all API routes share, like a platform's per-token limit (answered 429 past it); null: no limit.</summary>
    public double? RateLimit { get; set; }

    /// <summary>Fault specs applied from the start, e.g. <c>429=2*3@/api/v1/sessions</c>.</summary>
    public IList<string> Faults { get; } = [];
}
