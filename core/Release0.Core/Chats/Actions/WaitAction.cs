using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

/// <summary>Wait, then (when a reply is expected) continue with no message.</summary>
public sealed class WaitAction : ClientSideAction
{
    internal WaitAction(JsonElement raw)
        : base(raw)
    {
        SecondsToWaitFor = Payload.Num("secondsToWaitFor") ?? 0;
    }

    public double SecondsToWaitFor { get; }

    public override string Summary => $"wait {SecondsToWaitFor:0.###}s";
}
