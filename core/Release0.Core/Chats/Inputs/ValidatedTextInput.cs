using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

/// <summary>Email, URL and phone inputs: free text the server checks, re-asking with a retry message.</summary>
public abstract class ValidatedTextInput : ChatInput
{
    private protected ValidatedTextInput(JsonElement raw)
        : base(raw)
    {
        RetryMessage = Options.Str("retryMessageContent");
    }

    /// <summary>What the bot says when the reply is not valid.</summary>
    public string? RetryMessage { get; }
}

public sealed class EmailInput : ValidatedTextInput
{
    internal EmailInput(JsonElement raw)
        : base(raw)
    {
    }
}

public sealed class UrlInput : ValidatedTextInput
{
    internal UrlInput(JsonElement raw)
        : base(raw)
    {
    }
}

public sealed class PhoneNumberInput : ValidatedTextInput
{
    internal PhoneNumberInput(JsonElement raw)
        : base(raw)
    {
        DefaultCountryCode = Options.Str("defaultCountryCode");
    }

    public string? DefaultCountryCode { get; }
}
