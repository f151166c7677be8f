namespace Release0.Extensions.AI;

/// <summary>
/// Keys of <c>AdditionalProperties</c> the Release0 chat clients read (on <c>ChatOptions</c>) and
/// write (on <c>ChatResponse</c>), in one place so callers need no string literals.
/// </summary>
public static class Release0ChatKeys
{
    /// <summary>
    /// On <c>ChatOptions</c> of the call that starts a chat session: variables pre-filled by name,
    /// e.g. <c>{"Name": "Ann"}</c>, as any dictionary of string keys (values are sent as text).
    /// </summary>
    public const string InitialContext = "initialContext";

    /// <summary>On a chat-session response: the <c>ChatInput</c> the agent now waits for, absent when none.</summary>
    public const string PendingInput = "pendingInput";

    /// <summary>On a chat-session response: the actions that must be answered with another call (a list, possibly empty).</summary>
    public const string PendingActions = "pendingActions";

    /// <summary>On a chat-session response: true once the flow has ended.</summary>
    public const string IsCompleted = "isCompleted";

    /// <summary>On a chat-session response: the progress bar's value (0..100), when the agent has one.</summary>
    public const string Progress = "progress";
}
