using System.Text.Json;

namespace Release0.Core.Chats.Actions;

/// <summary><c>listenForWebhook</c>: the reply is a webhook's payload, which a headless client must obtain itself.</summary>
public sealed class ListenForWebhookAction : ClientSideAction
{
    internal ListenForWebhookAction(JsonElement raw)
        : base(raw)
    {
    }
}

/// <summary>An action type this version does not know; kept whole in <see cref="ClientSideAction.Raw"/>.</summary>
public sealed class UnknownAction : ClientSideAction
{
    internal UnknownAction(JsonElement raw)
        : base(raw)
    {
    }

    public override string Summary => $"[unsupported action '{Type}']";
}
