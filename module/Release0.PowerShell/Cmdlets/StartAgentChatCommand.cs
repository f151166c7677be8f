using System.Collections;
using System.Management.Automation;
using Release0.Core.Chats;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Starts a chat with a published agent (or, with -Preview, its draft) and returns the session.</summary>
[Cmdlet(VerbsLifecycle.Start, "AgentChat", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(AgentChatSession))]
public sealed class StartAgentChatCommand : PlatformCmdlet
{
    /// <summary>The public id (with -Preview: the agent id from the editor URL).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PublicId")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(AgentIdCompleter))]
    public string AgentId { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Preview { get; set; }

    /// <summary>Answers the flow's first input.</summary>
    [Parameter]
    public string? Message { get; set; }

    /// <summary>Variables pre-filled by name, e.g. @{ 'First name' = 'Ann' }.</summary>
    [Parameter]
    public Hashtable? InitialContext { get; set; }

    [Parameter]
    public string? ResultId { get; set; }

    /// <summary>How text bubbles come back. A string, not the core's enum: see <see cref="Output.AgentChatSession"/>.</summary>
    [Parameter]
    [ValidateSet("RichText", "Markdown")]
    public string TextFormat { get; set; } = "RichText";

    /// <summary>Use the older startChat/continueChat routes.</summary>
    [Parameter]
    public SwitchParameter LegacyRoutes { get; set; }

    /// <summary>Longest time this call may take, retries included, instead of the connection's deadline.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    private protected override TimeSpan? CallDeadline => MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? TimeSpan.FromSeconds(TimeoutSec) : null;

    protected override void ProcessRecord()
    {
        if (!ShouldProcess(AgentId, Preview ? "Start preview chat" : "Start chat"))
        {
            return;
        }

        var connection = GetConnection(Preview ? "A preview chat" : null);
        var style = LegacyRoutes ? ChatRouteStyle.Legacy : ChatRouteStyle.Current;
        var format = (TextBubbleFormat)Enum.Parse(typeof(TextBubbleFormat), TextFormat, ignoreCase: true);
        var chats = new ChatClient(connection, style, format);
        var reply = Message is null ? null : ChatReply.FromText(Message);
        var context = InitialContextMapper.Map(InitialContext);
        try
        {
            var session = Run(token => Preview
                ? chats.StartPreviewAsync(AgentId, new PreviewChatRequest { Message = reply, InitialContext = context }, token)
                : chats.StartAsync(AgentId, new StartChatRequest { Message = reply, InitialContext = context, ResultId = ResultId }, token));
            CompletionHistory.Remember(CompletionKind.AgentId, AgentId);
            CompletionHistory.Remember(CompletionKind.SessionId, session.SessionId, AgentId);
            WriteObject(new AgentChatSession(session, LegacyRoutes));
        }
        catch (Exception ex) when (ex is Core.Http.Release0ApiException or Core.Connection.Release0ConfigurationException)
        {
            WriteFailure(ex, AgentId);
        }
    }
}
