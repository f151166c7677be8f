using System.Text.Json.Nodes;

namespace Release0.Sandbox.Chat;

/// <summary>Runs a scripted flow from a step until it pauses or ends, building the turn payload.</summary>
internal static class FlowRunner
{
    private const int MaxStepsPerTurn = 1000;

    public static JsonObject Run(ChatSessionState session, int fromStep, string format, JsonArray? leadingMessages = null)
    {
        var steps = session.Agent.Steps;
        var messages = leadingMessages ?? [];
        var index = fromStep;
        session.WaitingAt = null;
        for (var guard = 0; index < steps.Count && guard < MaxStepsPerTurn; guard++)
        {
            var step = steps[index];
            foreach (var bubble in step.Bubbles(session.Variables))
            {
                // As a JsonNode: JsonArray.Add<JsonObject> would wrap it through reflection.
                messages.Add((JsonNode)Bubble.InFormat(bubble, format));
            }

            if (step.Pause is not null)
            {
                session.WaitingAt = index;
                break;
            }

            index = step.Next?.Invoke(session.Variables) ?? index + 1;
        }

        var turn = new JsonObject { ["messages"] = messages };
        if (session.WaitingAt is { } waiting)
        {
            AddPause(turn, session, steps[waiting].Pause!);
        }

        if (session.Agent.HasProgressBar)
        {
            turn["progress"] = session.WaitingAt is { } at ? Math.Round(100.0 * at / steps.Count) : 100;
        }

        return turn;
    }

    /// <summary>The reply was not accepted: the retry message, and the same input again.</summary>
    public static JsonObject Retry(ChatSessionState session, string format)
    {
        var pause = session.Agent.Steps[session.WaitingAt!.Value].Pause!;
        var input = pause.Input!(session.Variables);
        var retry = Bubble.InFormat(Bubble.Say(input["id"]!.GetValue<string>(), pause.RetryMessage), format);
        var turn = new JsonObject { ["messages"] = new JsonArray(retry) };
        AddPause(turn, session, pause);
        return turn;
    }

    private static void AddPause(JsonObject turn, ChatSessionState session, Pause pause)
    {
        if (pause.Input is { } input)
        {
            turn["input"] = input(session.Variables);
        }
        else
        {
            turn["clientSideActions"] = new JsonArray(pause.Action!.DeepClone());
        }
    }
}
