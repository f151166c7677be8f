using Release0.Core.Chats.Inputs;

namespace Release0.PowerShell.Output;

/// <summary>What a chat agent waits for: plain data, so it serialises (ConvertTo-Json, Export-Clixml) as it reads.</summary>
public sealed class AgentChatInput
{
    internal AgentChatInput(ChatInput input)
    {
        Id = input.Id;
        Type = input.Type;
        Prompt = input.Prompt;
        ButtonLabel = input.ButtonLabel;
        PrefilledValue = input.PrefilledValue;
        Choices = input is ChoiceInput choice ? choice.Items.Select(item => item.Content ?? item.Value ?? item.Id).ToArray() : [];
        Raw = input.Raw.GetRawText();
    }

    public string Id { get; }

    /// <summary>The input type as the platform names it, e.g. <c>text input</c> or <c>choice input</c>.</summary>
    public string Type { get; }

    public string Prompt { get; }

    public string? ButtonLabel { get; }

    public string? PrefilledValue { get; }

    /// <summary>The choices offered by a choice input; empty for other inputs.</summary>
    public string[] Choices { get; }

    /// <summary>The input's JSON as the platform sent it (<c>$i.Raw | ConvertFrom-Json</c>).</summary>
    public string Raw { get; }

    public override string ToString() => $"{Type}: {Prompt}";
}
