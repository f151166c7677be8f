using System.Text.Json.Nodes;

namespace Release0.Sandbox.Chat;

/// <summary>The outcome of judging a reply: accepted (with the value to store) or not.</summary>
internal readonly record struct Judgement(bool Accepted, string Stored)
{
    public static Judgement Accept(string stored) => new(true, stored);

    public static readonly Judgement Reject = new(false, string.Empty);
}

/// <summary>What pauses the flow: an input to answer, or an action expecting a dedicated reply.</summary>
internal sealed class Pause
{
    private Pause(Func<Variables, JsonObject>? input, JsonObject? action, Func<string?, Judgement> judge, string? saveAs, string retryMessage)
    {
        Input = input;
        Action = action;
        Judge = judge;
        SaveAs = saveAs;
        RetryMessage = retryMessage;
    }

    public Func<Variables, JsonObject>? Input { get; }

    public JsonObject? Action { get; }

    public Func<string?, Judgement> Judge { get; }

    public string? SaveAs { get; }

    public string RetryMessage { get; }

    public static Pause ForInput(Func<Variables, JsonObject> input, string? saveAs = null, Func<string?, Judgement>? judge = null, string retryMessage = "Invalid message. Please, try again.") =>
        new(input, null, judge ?? AnyText, saveAs, retryMessage);

    public static Pause ForAction(JsonObject action) => new(null, action, _ => Judgement.Accept(string.Empty), null, string.Empty);

    public static Judgement AnyText(string? text) => text is null ? Judgement.Reject : Judgement.Accept(text);
}

/// <summary>One step of a scripted flow: bubbles to say, then optionally a pause, then where to go.</summary>
internal sealed class Step
{
    public Step(Func<Variables, IEnumerable<JsonObject>> bubbles, Pause? pause = null, Func<Variables, int?>? next = null)
    {
        Bubbles = bubbles;
        Pause = pause;
        Next = next;
    }

    public Func<Variables, IEnumerable<JsonObject>> Bubbles { get; }

    public Pause? Pause { get; }

    /// <summary>Index of the next step; null means the following one.</summary>
    public Func<Variables, int?>? Next { get; }
}

/// <summary>Variables by name, case-sensitive like the platform's.</summary>
internal sealed class Variables : Dictionary<string, string>
{
    public string Get(string name, string fallback = "") => TryGetValue(name, out var value) ? value : fallback;
}
