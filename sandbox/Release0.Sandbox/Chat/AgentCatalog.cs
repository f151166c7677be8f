using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Release0.Sandbox.Chat.Bubble;

namespace Release0.Sandbox.Chat;

/// <summary>
/// The scripted chat agents. Live public ids: <c>lead-form</c>, <c>showcase</c>, <c>inputs</c>,
/// <c>echo</c>, <c>announcement</c>, <c>odd-waits</c>, <c>endless</c>; each previews as <c>agent-{publicId}</c>.
/// </summary>
internal static class AgentCatalog
{
    public const string MediaBase = "https://media.sandbox.release0.test/";
    private static readonly Regex Email = new(@"\A[^\s@]+@[^\s@]+\.[^\s@]+\z", RegexOptions.Compiled);

    public static IReadOnlyList<SandboxAgent> All { get; } = [LeadForm(), Showcase(), Inputs(), Echo(), Announcement(), OddWaits(), Endless()];

    /// <summary>Multi-step form: name, e-mail (re-asked when invalid), a plan from buttons, an ending.</summary>
    private static SandboxAgent LeadForm() => new("lead-form", "Lead form", [
        new Step(
            _ => [Text("lf-welcome", "Hi! I'm the **Release0** lead assistant.\n\nThree quick questions.", P(Leaf("Hi! I'm the "), Leaf("Release0", "bold"), Leaf(" lead assistant.")), P(Leaf("")), P(Leaf("Three quick questions.")))],
            Pause.ForInput(
                vars => Input("lf-name", "text input", new JsonObject { ["labels"] = Labels("Type your name...") }, vars.TryGetValue("Name", out var name) ? name : null),
                saveAs: "Name")),
        new Step(
            vars => [Say("lf-ask-email", $"Nice to meet you, {vars.Get("Name")}. What's your work e-mail?")],
            Pause.ForInput(
                _ => Input("lf-email", "email input", new JsonObject { ["labels"] = Labels("Type your email..."), ["retryMessageContent"] = "This email doesn't seem to be valid. Can you type it again?" }),
                saveAs: "Email",
                judge: text => text is not null && Email.IsMatch(text.Trim()) ? Judgement.Accept(text.Trim().ToLowerInvariant()) : Judgement.Reject,
                retryMessage: "This email doesn't seem to be valid. Can you type it again?")),
        new Step(
            _ => [Say("lf-ask-plan", "Which plan fits your team?")],
            Pause.ForInput(
                _ => ChoiceInput("lf-plan", ("plan-starter", "Starter", "starter"), ("plan-team", "Team", "team"), ("plan-enterprise", "Enterprise", "enterprise")),
                saveAs: "Plan",
                judge: text => Choose(text, ("plan-starter", "Starter", "starter"), ("plan-team", "Team", "team"), ("plan-enterprise", "Enterprise", "enterprise")))),
        new Step(vars => [Say("lf-thanks", $"Thanks, {vars.Get("Name")}! We'll write to {vars.Get("Email")} about the {vars.Get("Plan")} plan.")]),
    ], hasProgressBar: true);

    /// <summary>Rich text with marks, links, lists and an empty paragraph; every media bubble; a wait action.</summary>
    private static SandboxAgent Showcase() => new("showcase", "Showcase", [
        new Step(
            _ =>
            [
                Text(
                    "sc-rich",
                    "Welcome to the **showcase**, _enjoy_ the [docs](https://docs.release0.com).\n\n- fast\n- quiet\n\n1. start\n2. continue\nBye",
                    P(Leaf("Welcome to the "), Leaf("showcase", "bold"), Leaf(", "), Leaf("enjoy", "italic"), Leaf(" the "), Link("https://docs.release0.com", "docs"), Leaf(".")),
                    P(Leaf("")),
                    Element("ul", Element("li", Element("lic", Leaf("fast"))), Element("li", Element("lic", Leaf("quiet")))),
                    P(Leaf("")),
                    Element("ol", Element("li", Element("lic", Leaf("start"))), Element("li", Element("lic", Leaf("continue")))),
                    P(Leaf("Bye"))),
                Media("sc-image", "image", new JsonObject { ["url"] = MediaBase + "welcome.png", ["clickLink"] = new JsonObject { ["url"] = "https://release0.com", ["alt"] = "Release0" } }),
                Media("sc-video", "video", new JsonObject { ["type"] = "youtube", ["id"] = "dQw4w9WgXcQ", ["url"] = "https://www.youtube.com/watch?v=dQw4w9WgXcQ", ["height"] = 400, ["aspectRatio"] = "16/9", ["areControlsDisplayed"] = true }),
                Media("sc-audio", "audio", new JsonObject { ["url"] = MediaBase + "chime.mp3", ["isAutoplayEnabled"] = false }),
                Media("sc-embed", "embed", new JsonObject { ["url"] = "https://forms.sandbox.release0.test/embed", ["height"] = "400px" }),
            ],
            Pause.ForAction(new JsonObject { ["type"] = "wait", ["wait"] = new JsonObject { ["secondsToWaitFor"] = 1 }, ["expectsDedicatedReply"] = true, ["lastBubbleBlockId"] = "sc-embed" })),
        new Step(_ => [Say("sc-done", "Thanks for waiting.")]),
    ]);

    /// <summary>Wait actions a client must not take literally, both schema-valid: a negative pause, then one of about 158 years.</summary>
    private static SandboxAgent OddWaits() => new("odd-waits", "Odd waits", [
        new Step(_ => [Say("ow-1", "Waiting a negative time.")], Pause.ForAction(WaitAction(-5, "ow-1"))),
        new Step(_ => [Say("ow-2", "Waiting for ages.")], Pause.ForAction(WaitAction(5e9, "ow-2"))),
        new Step(_ => [Say("ow-done", "Done waiting.")]),
    ]);

    /// <summary>A flow that never ends and never asks: one zero-second wait after another, 600 times.</summary>
    private static SandboxAgent Endless() => new(
        "endless",
        "Endless",
        Enumerable.Range(0, 600).Select(i => new Step(_ => [Say($"en-{i}", $"Step {i}.")], Pause.ForAction(WaitAction(0, $"en-{i}")))).ToList());

    private static JsonObject WaitAction(double seconds, string afterBlock) =>
        new() { ["type"] = "wait", ["wait"] = new JsonObject { ["secondsToWaitFor"] = seconds }, ["expectsDedicatedReply"] = true, ["lastBubbleBlockId"] = afterBlock };

    /// <summary>Every input type in turn (plus types a client will not know), then an ending.</summary>
    private static SandboxAgent Inputs()
    {
        var steps = new List<Step>();
        void Add(string id, string type, JsonObject options, Func<string?, Judgement>? judge = null, JsonObject? extra = null) =>
            steps.Add(new Step(
                _ => [Say(id + "-ask", $"Next: {type}.")],
                Pause.ForInput(_ => Input(id, type, (JsonObject)options.DeepClone(), extra: extra), saveAs: id, judge: judge)));

        Add("in-text", "text input", new JsonObject { ["labels"] = Labels("Type your answer..."), ["isLong"] = true, ["inputMode"] = "text", ["attachments"] = new JsonObject { ["isEnabled"] = true } });
        Add("in-number", "number input", new JsonObject { ["labels"] = Labels("Type a number..."), ["min"] = 1, ["max"] = 10, ["step"] = 1 }, NumberBetween(1, 10));
        Add("in-email", "email input", new JsonObject { ["labels"] = Labels("Type your email..."), ["retryMessageContent"] = "This email doesn't seem to be valid. Can you type it again?" }, text => text is not null && Email.IsMatch(text) ? Judgement.Accept(text.ToLowerInvariant()) : Judgement.Reject);
        Add("in-url", "url input", new JsonObject { ["labels"] = Labels("Type a URL..."), ["retryMessageContent"] = "This URL doesn't seem to be valid. Can you type it again?" });
        Add("in-phone", "phone number input", new JsonObject { ["labels"] = Labels("Type your phone number..."), ["defaultCountryCode"] = "FR" });
        Add("in-date", "date input", new JsonObject { ["labels"] = new JsonObject { ["button"] = "Send", ["from"] = "From:", ["to"] = "To:" }, ["isRange"] = true, ["format"] = "dd/MM/yyyy" });
        Add("in-time", "time input", new JsonObject { ["labels"] = new JsonObject { ["button"] = "Send" }, ["format"] = "HH:mm" });
        steps.Add(new Step(
            _ => [Say("in-choice-ask", "Next: choice input.")],
            Pause.ForInput(_ => ChoiceInput("in-choice", ("c-red", "Red", null), ("c-blue", "Blue", "blue")), saveAs: "in-choice", judge: text => Choose(text, ("c-red", "Red", null), ("c-blue", "Blue", "blue")))));
        Add("in-picture", "picture choice input", new JsonObject { ["isMultipleChoice"] = false }, extra: new JsonObject
        {
            ["items"] = new JsonArray(
                new JsonObject { ["id"] = "p-cat", ["pictureSrc"] = MediaBase + "cat.png", ["title"] = "Cat", ["description"] = "Independent" },
                new JsonObject { ["id"] = "p-dog", ["pictureSrc"] = MediaBase + "dog.png", ["title"] = "Dog", ["value"] = "dog" }),
        });
        Add("in-rating", "rating input", new JsonObject { ["buttonType"] = "Numbers", ["length"] = 5, ["startsAt"] = 1, ["labels"] = new JsonObject { ["left"] = "Bad", ["right"] = "Great", ["button"] = "Send" } }, NumberBetween(1, 5));
        Add("in-file", "file input", new JsonObject { ["isRequired"] = false, ["isMultipleAllowed"] = true, ["allowedFileTypes"] = new JsonObject { ["isEnabled"] = true, ["types"] = new JsonArray("pdf", "png") }, ["labels"] = new JsonObject { ["skip"] = "Skip" } }, text => Judgement.Accept(text ?? string.Empty));
        Add("in-payment", "payment input", new JsonObject { ["provider"] = "Stripe", ["currency"] = "EUR", ["amount"] = "42", ["additionalInformation"] = new JsonObject { ["description"] = "Sandbox order" } }, extra: new JsonObject { ["runtimeOptions"] = new JsonObject { ["paymentIntentSecret"] = "pi_sandbox_secret_42", ["amountLabel"] = "42.00 EUR", ["publicKey"] = "pk_sandbox" } });
        Add("in-cards", "cards", new JsonObject(), extra: new JsonObject
        {
            ["items"] = new JsonArray(new JsonObject
            {
                ["id"] = "card-1",
                ["imageUrl"] = MediaBase + "card.png",
                ["title"] = "Basic",
                ["description"] = "The basic card",
                ["paths"] = new JsonArray(new JsonObject { ["id"] = "path-buy", ["text"] = "Buy" }),
            }),
        });
        steps.Add(new Step(
            _ =>
            [
                Media("in-hologram", "hologram", new JsonObject { ["beam"] = "blue" }),
                Media("in-custom", "custom-embed", new JsonObject { ["url"] = "https://widgets.sandbox.release0.test/custom", ["initFunction"] = new JsonObject { ["args"] = new JsonObject { ["size"] = 3 }, ["content"] = "return size * 2" } }),
            ],
            Pause.ForInput(_ => Input("in-signature", "signature input", new JsonObject { ["pen"] = "ink" }), saveAs: "in-signature")));
        steps.Add(new Step(_ => [Say("in-done", "All inputs done.")]));
        return new SandboxAgent("inputs", "Inputs tour", steps);
    }

    /// <summary>Repeats what it is told until told "bye".</summary>
    private static SandboxAgent Echo() => new("echo", "Echo", [
        new Step(_ => [Say("echo-hello", "I repeat what you say. Say bye to stop.")]),
        new Step(_ => [], Pause.ForInput(_ => Input("echo-input", "text input", new JsonObject { ["labels"] = Labels("Say something...") }), saveAs: "said"), next: vars => string.Equals(vars.Get("said"), "bye", StringComparison.OrdinalIgnoreCase) ? 3 : 2),
        new Step(vars => [Say("echo-reply", $"You said: {vars.Get("said")}")], next: _ => 1),
        new Step(_ => [Say("echo-bye", "Goodbye!")]),
    ]);

    /// <summary>Says one thing and ends on start.</summary>
    private static SandboxAgent Announcement() => new("announcement", "Announcement", [
        new Step(_ => [Say("an-news", "The maintenance window is tonight at 22:00 UTC.")]),
    ]);

    private static JsonObject Labels(string placeholder) => new() { ["placeholder"] = placeholder, ["button"] = "Send" };

    private static JsonObject Input(string id, string type, JsonObject options, string? prefilled = null, JsonObject? extra = null)
    {
        var input = new JsonObject { ["id"] = id, ["type"] = type, ["options"] = options };
        if (prefilled is not null)
        {
            input["prefilledValue"] = prefilled;
        }

        foreach (var (key, value) in extra ?? [])
        {
            input[key] = value?.DeepClone();
        }

        return input;
    }

    private static JsonObject ChoiceInput(string id, params (string Id, string Content, string? Value)[] items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            // A JsonNode, so the Add below is not the reflection-based JsonArray.Add<T>.
            JsonNode node = new JsonObject { ["id"] = item.Id, ["content"] = item.Content };
            if (item.Value is not null)
            {
                node["value"] = item.Value;
            }

            array.Add(node);
        }

        return new JsonObject { ["id"] = id, ["type"] = "choice input", ["items"] = array, ["options"] = new JsonObject { ["buttonLabel"] = "Send" } };
    }

    /// <summary>Typebot's matching for single choice: item id, then value, then content; stores value or content.</summary>
    private static Judgement Choose(string? text, params (string Id, string Content, string? Value)[] items)
    {
        var reply = text?.Trim();
        var match = items.FirstOrDefault(i => i.Id == reply);
        if (match.Id is null)
        {
            match = items.FirstOrDefault(i => i.Value is not null && i.Value == reply);
        }

        if (match.Id is null)
        {
            match = items.FirstOrDefault(i => i.Content == reply);
        }

        return match.Id is null ? Judgement.Reject : Judgement.Accept(match.Value ?? match.Content);
    }

    private static Func<string?, Judgement> NumberBetween(double min, double max) => text =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? Judgement.Accept(number.ToString(CultureInfo.InvariantCulture))
            : Judgement.Reject;
}
