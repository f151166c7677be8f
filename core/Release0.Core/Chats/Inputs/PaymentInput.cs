using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

/// <summary>A payment step; a headless client can only report success or send <c>fail</c>.</summary>
public sealed class PaymentInput : ChatInput
{
    internal PaymentInput(JsonElement raw)
        : base(raw)
    {
        Provider = Options.Str("provider");
        Currency = Options.Str("currency");
        Amount = Options.Str("amount");
        Description = Options.Prop("additionalInformation").Str("description");
        RetryMessage = Options.Str("retryMessageContent");
        AmountLabel = raw.Prop("runtimeOptions").Str("amountLabel");
    }

    public string? Provider { get; }

    public string? Currency { get; }

    public string? Amount { get; }

    public string? Description { get; }

    public string? RetryMessage { get; }

    public string? AmountLabel { get; }

    public override string Prompt => $"a payment of {AmountLabel ?? $"{Amount} {Currency}".Trim()}";
}
