using System.Management.Automation;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Polls batch jobs once each and returns their state.</summary>
[Cmdlet(VerbsCommon.Get, "BatchMessage")]
[OutputType(typeof(BatchMessageResult))]
public sealed class GetBatchMessageCommand : BatchJobCommand
{
    /// <summary>Longest time this call may take, retries included, instead of the connection's deadline.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; }

    private protected override TimeSpan? CallDeadline => MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? TimeSpan.FromSeconds(TimeoutSec) : null;

    protected override void ProcessRecord()
    {
        var batches = new BatchClient(GetConnection("Reading a batch job"));
        foreach (var id in BatchJobId)
        {
            try
            {
                var status = Run(token => batches.GetAsync(id, UserProfileId, token));
                WriteObject(BatchMessageResult.FromStatus(UserProfileId, status, Rows));
            }
            catch (Exception ex) when (ex is Release0ApiException or Release0ConfigurationException)
            {
                WriteFailure(ex, id);
            }
        }
    }
}
