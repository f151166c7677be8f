using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

internal static class ClientSideActionParser
{
    public static ClientSideAction Parse(JsonElement raw) => raw.Str("type") switch
    {
        "scriptToExecute" or "setVariable" or "chatwoot" => new ScriptAction(raw),
        "codeToExecute" => new CodeToExecuteAction(raw),
        "redirect" => new RedirectAction(raw),
        "wait" => new WaitAction(raw),
        "googleAnalytics" => new GoogleAnalyticsAction(raw),
        "pixel" => new PixelAction(raw),
        "httpRequestToExecute" => new HttpRequestAction(raw),
        "stream" => new StreamAction(raw),
        "streamOpenAiChatCompletion" => new StreamOpenAiChatCompletionAction(raw),
        "startPropsToInject" => new StartPropsToInjectAction(raw),
        "listenForWebhook" => new ListenForWebhookAction(raw),
        _ => new UnknownAction(raw),
    };
}
