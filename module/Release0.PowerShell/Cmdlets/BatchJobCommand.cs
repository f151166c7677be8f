using System.Management.Automation;

namespace Release0.PowerShell.Cmdlets;

/// <summary>The parameters Get-BatchMessage and Wait-BatchMessage share: which jobs, for which user profile.</summary>
public abstract class BatchJobCommand : PlatformCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "batch_id")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BatchJobIdCompleter))]
    public string[] BatchJobId { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string UserProfileId { get; set; } = string.Empty;

    /// <summary>The input rows a piped job holds (its Rows property), carried to its result.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[] Rows { get; set; } = [];
}
