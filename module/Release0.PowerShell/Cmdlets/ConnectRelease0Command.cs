using System.Management.Automation;
using System.Security;
using Release0.Core.Connection;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Sets the module's default connection: base URI, token, timeouts and retries.</summary>
[Cmdlet(VerbsCommunications.Connect, "Release0", DefaultParameterSetName = TokenSet)]
[OutputType(typeof(Release0ConnectionInfo))]
public sealed class ConnectRelease0Command : Release0Cmdlet
{
    private const string TokenSet = "Token";
    private const string CredentialSet = "Credential";

    [Parameter(Position = 0)]
    [ValidateNotNull]
    public Uri? BaseUri { get; set; }

    /// <summary>The API token; a plain string is accepted and converted.</summary>
    [Parameter(ParameterSetName = TokenSet)]
    [SecureStringTransformation]
    public SecureString? ApiToken { get; set; }

    /// <summary>The token as the credential's password (the user name is ignored).</summary>
    [Parameter(ParameterSetName = CredentialSet, Mandatory = true)]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int AttemptTimeoutSec { get; set; } = 30;

    [Parameter]
    [ValidateRange(1, 86400)]
    public int DeadlineSec { get; set; } = 120;

    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var options = Release0ConnectionOptions.FromEnvironment();
        var source = options.ApiToken is null ? "None" : "Environment";
        if (BaseUri is not null)
        {
            options.BaseUri = BaseUri;
        }

        if (SecretText.Read(ApiToken ?? Credential?.Password) is { } token)
        {
            options.ApiToken = token;
            source = Credential is null ? "Parameter" : "Credential";
        }

        options.AttemptTimeout = TimeSpan.FromSeconds(AttemptTimeoutSec);
        options.Deadline = TimeSpan.FromSeconds(DeadlineSec);
        options.MaxRetries = MaxRetries;
        try
        {
            ModuleConnection.Connect(options, source);
        }
        catch (Release0ConfigurationException ex)
        {
            ThrowFailure(ex, BaseUri);
        }

        WriteVerbose($"Connected to {options.BaseUri} (token: {source}).");
        if (PassThru)
        {
            WriteObject(ModuleConnection.Describe());
        }
    }
}
