using Release0.Sandbox;

namespace Release0.Bench.Scenarios;

/// <summary>curl's arguments for the agent message <c>release0 ask</c> sends: the floor a shell script could reach.</summary>
internal static class Curl
{
    public static string[] Ask(SandboxServer server, string slug, string message, bool stream) =>
    [
        "-sfN", "-o", "/dev/null", "-X", "POST",
        "-H", "Content-Type: application/json",
        "-H", $"Authorization: Bearer {server.Token}",
        "-d", $"{{\"message\":\"{message}\",\"stream\":{(stream ? "true" : "false")}}}",
        new Uri(server.BaseUri, $"v1/api/chat/{slug}").ToString(),
    ];
}
