using Release0.Core.Batches;
using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Output;
using Release0.Sandbox;

namespace Release0.PowerShell.Tests;

public sealed class OutputAndConnectionTests
{
    [Fact]
    public async Task A_session_object_follows_the_conversation_and_binds_as_its_id()
    {
        await using var server = await SandboxServer.StartAsync();
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = server.BaseUri });
        var chats = new ChatClient(connection);
        var session = new AgentChatSession(await chats.StartAsync("lead-form"), legacyRoutes: false);

        Assert.Equal(["Hi! I'm the Release0 lead assistant.\n\nThree quick questions."], session.Messages);
        Assert.Equal("Type your name...", session.Prompt);
        Assert.Equal(0, session.Progress);
        Assert.Equal(session.SessionId, session.ToString());

        var turn = await chats.ContinueAsync(session.Core, ChatReply.FromText("Ann"));
        var output = new AgentChatTurn(session.SessionId, "Ann", turn);

        Assert.Equal(["Nice to meet you, Ann. What's your work e-mail?"], session.Messages);
        Assert.Equal("Type your email...", output.Prompt);
        Assert.Equal("Nice to meet you, Ann. What's your work e-mail?", output.ToString());
        Assert.False(output.IsCompleted);
    }

    [Fact]
    public async Task Batch_results_carry_the_user_profile_so_they_pipe_into_the_next_cmdlet()
    {
        await using var server = await SandboxServer.StartAsync();
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token });
        var batches = new BatchClient(connection);
        var job = await batches.SubmitAsync(new BatchRequest { AgentId = "batch-polls-1", ProjectEnvId = "p", UserProfileId = "u1", Messages = [BatchMessage.FromText("hi")] });
        var fast = new BatchWaitOptions { InitialInterval = TimeSpan.FromMilliseconds(10), MaxInterval = TimeSpan.FromMilliseconds(10) };

        var result = BatchMessageResult.FromWait("u1", await batches.WaitAsync(job.BatchJobId, "u1", fast));

        Assert.Equal((job.BatchJobId, "u1", "Completed", 1), (result.BatchJobId, result.UserProfileId, result.Status, result.PollCount));
        Assert.Equal(["Echo: hi"], result.Messages);
        Assert.Equal("completed", System.Text.Json.JsonDocument.Parse(result.Raw).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void The_connection_falls_back_to_the_environment_and_never_shows_the_token()
    {
        var scope = new object();
        var env = new Dictionary<string, string> { ["RELEASE0_API_TOKEN"] = "env-secret-1", ["RELEASE0_BASE_URI"] = "https://eu.release0.example" };
        ModuleConnection.Disconnect(scope);

        var fromEnv = ModuleConnection.Describe(scope, name => env.GetValueOrDefault(name));
        Assert.Equal((true, "Environment", "eu.release0.example", true, "Environment"), (fromEnv.IsConnected, fromEnv.Source, fromEnv.BaseUri!.Host, fromEnv.HasToken, fromEnv.TokenSource));

        var connected = ModuleConnection.Connect(scope, new Release0ConnectionOptions { BaseUri = new Uri("https://release0.example"), ApiToken = "param-secret-2", MaxRetries = 5, Deadline = TimeSpan.FromSeconds(90) }, "Parameter");

        Assert.Same(connected, ModuleConnection.Describe(scope));
        Assert.Equal((true, "Connect-Release0", "release0.example", "Parameter", 5, 90.0, 30.0), (connected.IsConnected, connected.Source, connected.BaseUri!.Host, connected.TokenSource, connected.MaxRetries, connected.DeadlineSec, connected.AttemptTimeoutSec));
        Assert.Equal("https://release0.example/ (token: Parameter)", connected.ToString());
        var shown = string.Join("|", typeof(Release0ConnectionInfo).GetProperties().Select(p => p.GetValue(connected)?.ToString()));
        Assert.DoesNotContain("param-secret-2", shown);
        Assert.DoesNotContain("env-secret-1", shown);
    }

    [Fact]
    public void After_disconnect_only_the_environment_can_supply_a_connection_and_the_view_says_so()
    {
        var scope = new object();
        var env = new Dictionary<string, string>();
        ModuleConnection.Connect(scope, new Release0ConnectionOptions { BaseUri = new Uri("https://release0.example"), ApiToken = "param-secret-3" }, "Parameter");
        ModuleConnection.Disconnect(scope);

        Assert.Null(ModuleConnection.Current(scope, name => env.GetValueOrDefault(name)));
        var described = ModuleConnection.Describe(scope, name => env.GetValueOrDefault(name));
        Assert.Equal((false, "None", null, false, "not connected"), (described.IsConnected, described.Source, described.BaseUri, described.HasToken, described.ToString()));
        Assert.Equal((null, null, null), (described.AttemptTimeoutSec, described.DeadlineSec, described.MaxRetries));

        env["RELEASE0_BASE_URI"] = "https://eu.release0.example";
        Assert.Equal("eu.release0.example", ModuleConnection.Current(scope, name => env.GetValueOrDefault(name))!.BaseUri!.Host);
    }

    [Fact]
    public void Each_scope_keeps_its_own_connection_and_one_that_never_connected_uses_the_first()
    {
        var first = new object();
        var second = new object();
        var bystander = new object();
        var a = ModuleConnection.Connect(first, new Release0ConnectionOptions { BaseUri = new Uri("https://a.release0.example"), ApiToken = "tenant-a" }, "Parameter");

        var b = ModuleConnection.Connect(second, new Release0ConnectionOptions { BaseUri = new Uri("https://b.release0.example"), ApiToken = "tenant-b" }, "Parameter");

        Assert.Same(a, ModuleConnection.Current(first));
        Assert.Same(b, ModuleConnection.Current(second));
        var shared = ModuleConnection.Current(bystander)!;
        Assert.True(shared == a || shared.BaseUri!.Host != "b.release0.example", "a scope that never connected must not follow a later Connect elsewhere");
        ModuleConnection.Disconnect(second);
        Assert.Same(a, ModuleConnection.Current(first));
    }

    [Theory]
    [InlineData("text", true)]
    [InlineData('c', true)]
    [InlineData(42, true)]
    [InlineData(null, true)]
    public void Strings_and_plain_values_are_message_text(object? value, bool isText) => Assert.Equal(isText, PipelineText.IsText(value));

    [Fact]
    public void Objects_are_never_message_text_and_the_refusal_says_what_to_pipe()
    {
        var notText = new Dictionary<string, string> { ["SessionId"] = "s1" };

        Assert.False(PipelineText.IsText(notText));
        Assert.False(PipelineText.IsText(new Uri("https://x.example")));

        var converted = new PipelineText.NotText(notText).ToString();
        Assert.Equal("Dictionary`2", PipelineText.Refused(converted));
        Assert.Null(PipelineText.Refused("an ordinary message"));
        Assert.Contains("SessionId", PipelineText.Refusal("PSCustomObject"));
    }
}
