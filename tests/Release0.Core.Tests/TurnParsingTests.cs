using System.Text.Json;
using Release0.Core.Chats;
using Release0.Core.Chats.Actions;
using Release0.Core.Chats.Inputs;
using Release0.Core.Chats.Messages;

namespace Release0.Core.Tests;

public sealed class TurnParsingTests
{
    [Fact]
    public async Task Showcase_delivers_every_bubble_type_and_a_wait_action()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);

        var session = await chats.StartAsync("showcase");
        var messages = session.LatestTurn.Messages;

        var text = Assert.IsType<TextMessage>(messages[0]);
        Assert.Equal("richText", text.Format);
        Assert.Equal("Welcome to the showcase, enjoy the docs (https://docs.release0.com).\n\n- fast\n- quiet\n\n1. start\n2. continue\nBye", text.Text);
        Assert.Equal("Welcome to the **showcase**, _enjoy_ the [docs](https://docs.release0.com).\n\n- fast\n- quiet\n\n1. start\n2. continue\nBye", text.Markdown);

        var image = Assert.IsType<ImageMessage>(messages[1]);
        Assert.Equal("https://media.sandbox.release0.test/welcome.png", image.Text);
        Assert.Equal("https://release0.com", image.ClickLinkUrl);
        Assert.Equal("Release0", image.ClickLinkAlt);

        var video = Assert.IsType<VideoMessage>(messages[2]);
        Assert.Equal("youtube", video.Provider);
        Assert.Equal("dQw4w9WgXcQ", video.VideoId);
        Assert.Equal("400", video.Height);
        Assert.Equal("16/9", video.AspectRatio);
        Assert.True(video.AreControlsDisplayed);

        var audio = Assert.IsType<AudioMessage>(messages[3]);
        Assert.Equal("https://media.sandbox.release0.test/chime.mp3", audio.Url);
        Assert.False(audio.IsAutoplayEnabled);

        var embed = Assert.IsType<EmbedMessage>(messages[4]);
        Assert.Equal("400px", embed.Height);
        Assert.False(embed.WaitsForEvent);

        Assert.Null(session.PendingInput);
        var wait = Assert.IsType<WaitAction>(Assert.Single(session.PendingActions));
        Assert.Equal(1, wait.SecondsToWaitFor);
        Assert.Equal("sc-embed", wait.LastBubbleBlockId);
        Assert.False(session.IsCompleted);

        // A wait is answered by continuing with no message.
        var end = await chats.ContinueAsync(session, null);
        Assert.Equal("Thanks for waiting.", end.Messages.Single().Text);
        Assert.True(session.IsCompleted);
    }

    [Fact]
    public async Task Inputs_tour_parses_every_input_type_and_keeps_unknown_ones()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("inputs");
        var seen = new List<ChatInput>();
        var answers = new Dictionary<Type, string>
        {
            [typeof(NumberInput)] = "7",
            [typeof(EmailInput)] = "a@b.io",
            [typeof(RatingInput)] = "4",
            [typeof(ChoiceInput)] = "Blue",
        };
        ChatTurn? lastTurn = null;
        while (session.PendingInput is { } input)
        {
            seen.Add(input);
            lastTurn = await chats.ContinueAsync(session, ChatReply.FromText(answers.GetValueOrDefault(input.GetType(), "anything")));
        }

        Assert.Equal(
            [typeof(TextInput), typeof(NumberInput), typeof(EmailInput), typeof(UrlInput), typeof(PhoneNumberInput), typeof(DateInput), typeof(TimeInput), typeof(ChoiceInput), typeof(PictureChoiceInput), typeof(RatingInput), typeof(FileInput), typeof(PaymentInput), typeof(CardsInput), typeof(UnknownInput)],
            seen.Select(i => i.GetType()));
        Assert.Equal("All inputs done.", lastTurn!.Messages.Single().Text);

        var text = (TextInput)seen[0];
        Assert.True(text.IsLong);
        Assert.True(text.AllowsAttachments);
        var number = (NumberInput)seen[1];
        Assert.Equal((1d, 10d, 1d), (number.Min!.Value, number.Max!.Value, number.Step!.Value));
        Assert.Equal("Type a number...", number.Prompt);
        Assert.Equal("This email doesn't seem to be valid. Can you type it again?", ((EmailInput)seen[2]).RetryMessage);
        Assert.Equal("FR", ((PhoneNumberInput)seen[4]).DefaultCountryCode);
        var date = (DateInput)seen[5];
        Assert.True(date.IsRange);
        Assert.Equal("a date range (dd/MM/yyyy)", date.Prompt);
        Assert.Equal("HH:mm", ((TimeInput)seen[6]).Format);
        Assert.Equal("Red | Blue", seen[7].Prompt);
        var picture = (PictureChoiceInput)seen[8];
        Assert.Equal(["Cat", "Dog"], picture.Items.Select(i => i.Title));
        Assert.Equal("dog", picture.Items[1].Value);
        var rating = (RatingInput)seen[9];
        Assert.Equal((1, 5, "Bad", "Great"), (rating.StartsAt, rating.Length, rating.LeftLabel, rating.RightLabel));
        var file = (FileInput)seen[10];
        Assert.False(file.IsRequired);
        Assert.Equal(["pdf", "png"], file.AllowedFileTypes);
        var payment = (PaymentInput)seen[11];
        Assert.Equal("a payment of 42.00 EUR", payment.Prompt);

        // The API requires all three runtime options (paymentIntentSecret, amountLabel, publicKey).
        var runtime = payment.Raw.GetProperty("runtimeOptions");
        Assert.Equal(["paymentIntentSecret", "amountLabel", "publicKey"], runtime.EnumerateObject().Select(p => p.Name));
        var card = Assert.Single(((CardsInput)seen[12]).Items);
        Assert.Equal(("Basic", "path-buy", "Buy"), (card.Title, card.Paths[0].Id, card.Paths[0].Text));
        var unknown = (UnknownInput)seen[13];
        Assert.Equal("signature input", unknown.Type);
        Assert.Equal("ink", unknown.Options!.Value.GetProperty("pen").GetString());
        Assert.Equal("[unsupported input type 'signature input']", unknown.Prompt);

        var tail = session.Turns[^2].Messages;
        var hologram = Assert.IsType<UnknownMessage>(tail[^2]);
        Assert.Equal("[unsupported message type 'hologram']", hologram.Text);
        Assert.Equal("blue", hologram.Content!.Value.GetProperty("beam").GetString());
        var custom = Assert.IsType<CustomEmbedMessage>(tail[^1]);
        Assert.Equal("return size * 2", custom.InitFunctionContent);
        Assert.Equal(3, custom.InitFunctionArgs!.Value.GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task A_number_out_of_range_is_re_asked()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("inputs");
        await chats.ContinueAsync(session, ChatReply.FromText("free text"));

        var retry = await chats.ContinueAsync(session, ChatReply.FromText("11"));

        Assert.IsType<NumberInput>(retry.Input);
        Assert.Equal("Invalid message. Please, try again.", retry.Messages.Single().Text);
    }

    [Fact]
    public void Every_action_type_is_modelled_and_unknown_ones_are_kept()
    {
        var turn = Turn("""
        {
          "messages": [],
          "clientSideActions": [
            {"type":"scriptToExecute","scriptToExecute":{"content":"console.log(a)","args":[{"id":"a","value":1}],"isCode":true}},
            {"type":"setVariable","setVariable":{"scriptToExecute":{"content":"return 2","args":[]}},"expectsDedicatedReply":true},
            {"type":"chatwoot","chatwoot":{"scriptToExecute":{"content":"chatwoot()","args":[]}}},
            {"type":"redirect","redirect":{"url":"https://example.com","isNewTab":true}},
            {"type":"googleAnalytics","googleAnalytics":{"trackingId":"G-1","action":"signup","value":5}},
            {"type":"pixel","pixel":{"pixelId":"px","eventType":"Lead"}},
            {"type":"wait","wait":{"secondsToWaitFor":2.5}},
            {"type":"streamOpenAiChatCompletion","streamOpenAiChatCompletion":{"messages":[{"role":"user","content":"hi"}]}},
            {"type":"stream","stream":true,"expectsDedicatedReply":true},
            {"type":"httpRequestToExecute","httpRequestToExecute":{"url":"https://api.example.com","method":"POST","headers":{"X-A":"1"},"body":"{}"}},
            {"type":"startPropsToInject","startPropsToInject":{"gtmId":"GTM-1","pixelIds":["p1","p2"]}},
            {"type":"codeToExecute","codeToExecute":{"content":"return 1","args":{"x":1}}},
            {"type":"listenForWebhook"},
            {"type":"teleport","teleport":{"to":"mars"},"expectsDedicatedReply":true}
          ],
          "logs": [{"status":"error","description":"Webhook failed","details":{"code":500}}],
          "dynamicTheme": {"hostAvatarUrl":"https://a/b.png"},
          "progress": null,
          "someFutureField": {"x": 1}
        }
        """);

        var a = turn.ClientSideActions;
        var script = Assert.IsType<ScriptAction>(a[0]);
        Assert.Equal(("console.log(a)", "a", true), (script.Content, script.Args[0].Key, script.IsCode));
        Assert.Equal("return 2", Assert.IsType<ScriptAction>(a[1]).Content);
        Assert.Equal("chatwoot()", Assert.IsType<ScriptAction>(a[2]).Content);
        Assert.Equal("redirect to https://example.com", Assert.IsType<RedirectAction>(a[3]).Summary);
        Assert.Equal(("G-1", "5"), (Assert.IsType<GoogleAnalyticsAction>(a[4]).TrackingId, ((GoogleAnalyticsAction)a[4]).Value));
        Assert.Equal("Lead", Assert.IsType<PixelAction>(a[5]).EventType);
        Assert.Equal(2.5, Assert.IsType<WaitAction>(a[6]).SecondsToWaitFor);
        Assert.Equal("user", Assert.IsType<StreamOpenAiChatCompletionAction>(a[7]).Messages[0].Key);
        Assert.IsType<StreamAction>(a[8]);
        var http = Assert.IsType<HttpRequestAction>(a[9]);
        Assert.Equal(("POST", "1", "{}"), (http.Method, http.Headers["X-A"], http.Body));
        Assert.Equal(["p1", "p2"], Assert.IsType<StartPropsToInjectAction>(a[10]).PixelIds);
        Assert.Equal("return 1", Assert.IsType<CodeToExecuteAction>(a[11]).Content);
        Assert.IsType<ListenForWebhookAction>(a[12]);
        var unknown = Assert.IsType<UnknownAction>(a[13]);
        Assert.Equal("mars", unknown.Payload!.Value.GetProperty("to").GetString());

        Assert.True(turn.IsWaitingForReply);
        Assert.Equal("error: Webhook failed", turn.Logs.Single().ToString());
        Assert.Equal("""{"code":500}""", turn.Logs.Single().Details);
        Assert.Null(turn.Progress);
        Assert.Equal("https://a/b.png", turn.DynamicTheme!.Value.GetProperty("hostAvatarUrl").GetString());
        Assert.Equal(1, turn.Raw.GetProperty("someFutureField").GetProperty("x").GetInt32());
    }

    [Fact]
    public void Wrongly_typed_fields_read_as_absent_instead_of_throwing()
    {
        var turn = Turn("""
        {
          "messages": [
            {"id":"1","type":"image","content":{"url":42,"clickLink":"not-an-object"}},
            {"id":"2","type":"text","content":null},
            {"type":"video"},
            "not-an-object"
          ],
          "input": {"id":"i","type":"rating input","options":{"length":"7","labels":[]}},
          "clientSideActions": "nope",
          "logs": [{}]
        }
        """);

        Assert.Equal("42", ((ImageMessage)turn.Messages[0]).Url);
        Assert.Null(((ImageMessage)turn.Messages[0]).ClickLinkUrl);
        Assert.Equal(string.Empty, turn.Messages[1].Text);
        Assert.Equal("[video]", turn.Messages[2].Text);
        Assert.IsType<UnknownMessage>(turn.Messages[3]);
        Assert.Equal(7, ((RatingInput)turn.Input!).Length);
        Assert.Empty(turn.ClientSideActions);
        Assert.Equal(string.Empty, turn.Logs.Single().Description);
    }

    private static ChatTurn Turn(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new ChatTurn(document.RootElement.Clone());
    }
}
