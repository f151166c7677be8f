using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

internal static class ChatInputParser
{
    public static ChatInput Parse(JsonElement raw) => raw.Str("type") switch
    {
        "text input" => new TextInput(raw),
        "number input" => new NumberInput(raw),
        "email input" => new EmailInput(raw),
        "url input" => new UrlInput(raw),
        "phone number input" => new PhoneNumberInput(raw),
        "date input" => new DateInput(raw),
        "time input" => new TimeInput(raw),
        "choice input" => new ChoiceInput(raw),
        "picture choice input" => new PictureChoiceInput(raw),
        "rating input" => new RatingInput(raw),
        "file input" => new FileInput(raw),
        "payment input" => new PaymentInput(raw),
        "cards" => new CardsInput(raw),
        _ => new UnknownInput(raw),
    };
}
