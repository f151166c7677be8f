using System.Management.Automation;
using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Messages;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>
/// Continues a chat session (from Start-AgentChat, or by id), or talks to an agent by slug. Strings
/// from the pipeline are sent in order, one turn each; with -Slug they stay in one conversation.
/// </summary>
/// <remarks>
/// No parameter that takes pipeline input is mandatory, and -Session and -SessionId share one set, on
/// purpose: PowerShell settles on a parameter set before it sees the pipeline object, preferring a
/// set with a mandatory pipeline parameter, so an object carrying a SessionId property could never
/// bind otherwise. What is missing is checked in <see cref="ProcessRecord"/> instead.
/// </remarks>
[Cmdlet(VerbsCommunications.Send, "AgentMessage", DefaultParameterSetName = SessionSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(AgentChatTurn), ParameterSetName = [SessionSet])]
[OutputType(typeof(AgentMessageReply), typeof(string), typeof(AgentReplyChunk), ParameterSetName = [SlugSet])]
public sealed class SendAgentMessageCommand : PlatformCmdlet
{
    private const string SessionSet = "Session";
    private const string SlugSet = "Slug";
    private string? _lastConversationId;

    /// <summary>The session to continue; it is updated as the conversation moves on.</summary>
    [Parameter(ParameterSetName = SessionSet, ValueFromPipeline = true)]
    public AgentChatSession? Session { get; set; }

    [Parameter(ParameterSetName = SessionSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SessionIdCompleter))]
    public string? SessionId { get; set; }

    /// <summary>The agent's slug, e.g. support-agent.</summary>
    [Parameter(ParameterSetName = SlugSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SlugCompleter))]
    public string? Slug { get; set; }

    /// <summary>The reply or replies to send, one turn each. Without it, a session's pending action is answered.</summary>
    [Parameter(ParameterSetName = SessionSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = SlugSet, Position = 0, ValueFromPipeline = true)]
    [PipelineText]
    public string[]? Message { get; set; }

    /// <summary>Continue this conversation; otherwise a new one starts (and later pipeline messages continue it).</summary>
    [Parameter(ParameterSetName = SlugSet, ValueFromPipelineByPropertyName = true)]
    public string? ConversationId { get; set; }

    /// <summary>
    /// Show the reply as it is generated: as flowing text on the host, then the whole reply; piped on
    /// (Out-File, Set-Content, Tee-Object), as plain text lines, each written as soon as it ends.
    /// </summary>
    [Parameter(ParameterSetName = SlugSet)]
    public SwitchParameter Stream { get; set; }

    /// <summary>Stream the reply as chunk objects (index and text), then the whole reply, for scripts.</summary>
    [Parameter(ParameterSetName = SlugSet)]
    public SwitchParameter AsChunks { get; set; }

    /// <summary>Use the older continueChat route (with -SessionId; a session object knows its routes).</summary>
    [Parameter(ParameterSetName = SessionSet)]
    public SwitchParameter LegacyRoutes { get; set; }

    /// <summary>Longest time this call may take, retries included, instead of the connection's deadline.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    private protected override TimeSpan? CallDeadline => MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? TimeSpan.FromSeconds(TimeoutSec) : null;

    protected override void ProcessRecord()
    {
        if (Message?.Select(PipelineText.Refused).FirstOrDefault(t => t is not null) is { } refused)
        {
            WriteError(ToRecord(ErrorMapper.NotText(refused)));
            return;
        }

        if (ParameterSetName == SlugSet)
        {
            if (Message is not { Length: > 0 })
            {
                ThrowTerminatingError(ToRecord(ErrorMapper.NoMessage()));
            }

            foreach (var message in Message!)
            {
                SendToSlug(message);
            }

            return;
        }

        if (Session is null && string.IsNullOrEmpty(SessionId))
        {
            ThrowTerminatingError(ToRecord(ErrorMapper.NoSession()));
        }

        var messages = Message is { Length: > 0 } ? Message.Select(m => (string?)m) : [null];
        foreach (var message in messages)
        {
            ContinueSession(message);
        }
    }

    private void ContinueSession(string? message)
    {
        var id = Session?.SessionId ?? SessionId!;

        // The session object knows its conversation has ended: say so, rather than ask the platform for a 404.
        if (Session is { IsCompleted: true })
        {
            WriteError(ToRecord(ErrorMapper.SessionEnded(id)));
            return;
        }

        if (!ShouldProcess(id, message is null ? "Continue session without a message" : $"Send \"{message}\""))
        {
            return;
        }

        var connection = GetConnection();
        var reply = message is null ? null : ChatReply.FromText(message);
        try
        {
            ChatTurn turn;
            if (Session is not null)
            {
                var chats = new ChatClient(connection, Session.LegacyRoutes ? ChatRouteStyle.Legacy : ChatRouteStyle.Current, Session.Core.TextFormat);
                turn = Run(token => chats.ContinueAsync(Session.Core, reply, token));
            }
            else
            {
                var chats = new ChatClient(connection, LegacyRoutes ? ChatRouteStyle.Legacy : ChatRouteStyle.Current);
                turn = Run(token => chats.ContinueAsync(id, reply, token));
            }

            WriteObject(new AgentChatTurn(id, message, turn));
        }
        catch (Exception ex) when (ex is Release0ApiException or Release0ConfigurationException)
        {
            WriteFailure(ex, id);
        }
    }

    /// <summary>True when another command takes this one's output (Out-File, Set-Content, Tee-Object...).</summary>
    private bool IsPipedOn => MyInvocation.PipelinePosition < MyInvocation.PipelineLength;

    /// <summary>What to do with each streamed chunk, and with null once the stream has ended.</summary>
    private Action<string?> ChunkWriter(string slug)
    {
        if (AsChunks)
        {
            var index = 0;
            return chunk =>
            {
                if (chunk is not null)
                {
                    WriteObject(new AgentReplyChunk(slug, index++, chunk));
                }
            };
        }

        if (IsPipedOn)
        {
            var lines = new StreamedLines();
            return chunk =>
            {
                if (chunk is null)
                {
                    if (lines.Finish() is { } last)
                    {
                        WriteObject(last);
                    }

                    return;
                }

                foreach (var line in lines.Add(chunk))
                {
                    WriteObject(line);
                }
            };
        }

        // Write-Host's way: information records the host shows as they come, without line breaks between chunks.
        var source = MyInvocation.MyCommand.Name;
        return chunk => WriteInformation(new InformationRecord(new HostInformationMessage { Message = chunk ?? string.Empty, NoNewLine = chunk is not null }, source) { Tags = { "PSHOST", "Release0.Chunk" } });
    }

    private void SendToSlug(string message)
    {
        var slug = Slug!;
        if (!ShouldProcess(slug, $"Send \"{message}\""))
        {
            return;
        }

        CompletionHistory.Remember(CompletionKind.Slug, slug);
        var agents = new AgentMessageClient(GetConnection("Sending a message by slug"));
        // An empty ConversationId cell (Import-Csv) names no conversation: the pipeline's own goes on.
        var conversationId = string.IsNullOrEmpty(ConversationId) ? _lastConversationId : ConversationId;
        try
        {
            AgentReply reply;
            if (Stream || AsChunks)
            {
                var stream = agents.Stream(slug, message, conversationId);
                var show = ChunkWriter(slug);
                try
                {
                    reply = Run(async token =>
                    {
                        await foreach (var chunk in stream.WithCancellation(token).ConfigureAwait(false))
                        {
                            Post(() => show(chunk));
                        }

                        return stream.Result!;
                    });
                }
                finally
                {
                    // Ends the flowing text's line, or writes the last line, of a reply that ended or broke off.
                    if (!CancellationToken.IsCancellationRequested)
                    {
                        show(null);
                    }
                }
            }
            else
            {
                reply = Run(token => agents.SendAsync(slug, message, conversationId, token));
            }

            _lastConversationId = reply.ConversationId ?? conversationId;
            if (!Stream || AsChunks || !IsPipedOn)
            {
                WriteObject(new AgentMessageReply(slug, message, reply));
            }
        }
        catch (Exception ex) when (ex is Release0ApiException or Release0ConfigurationException)
        {
            WriteFailure(ex, conversationId ?? slug);
        }
    }
}
