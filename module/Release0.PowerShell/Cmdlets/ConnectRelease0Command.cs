using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using Release0.Core.Connection;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Sets this runspace's default connection (base URI, token, timeouts and retries); with -PassThru, returns it for -Connection.</summary>
[Cmdlet(VerbsCommunications.Connect, "Release0", DefaultParameterSetName = TokenSet)]
[OutputType(typeof(Release0ConnectionInfo))]
public sealed class ConnectRelease0Command : Release0Cmdlet
{
    private const string TokenSet = "Token";
    private const string CredentialSet = "Credential";
    private const string SecretSet = "Secret";

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

    /// <summary>Read the token with SecretManagement's Get-Secret (Microsoft.PowerShell.SecretManagement).</summary>
    [Parameter(ParameterSetName = SecretSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? SecretName { get; set; }

    /// <summary>The SecretManagement vault to read -SecretName from; the default vault when omitted.</summary>
    [Parameter(ParameterSetName = SecretSet)]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    public int AttemptTimeoutSec { get; set; } = 30;

    [Parameter]
    [ValidateRange(1, 86400)]
    public int DeadlineSec { get; set; } = 120;

    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Calls per second never exceeded, for a known quota; unset, the pace is learned from the platform's 429 answers.</summary>
    [Parameter]
    [ValidateRange(Release0ConnectionOptions.MinMaxRate, Release0ConnectionOptions.MaxMaxRate)]
    public double? MaxRate { get; set; }

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

        var secret = SecretName is null ? ApiToken ?? Credential?.Password : ReadSecret(SecretName);
        if (SecretText.Read(secret) is { } token)
        {
            options.ApiToken = token;
            source = ParameterSetName switch
            {
                CredentialSet => "Credential",
                SecretSet => "Secret",
                _ => "Parameter",
            };
        }

        options.AttemptTimeout = TimeSpan.FromSeconds(AttemptTimeoutSec);
        options.Deadline = TimeSpan.FromSeconds(DeadlineSec);
        options.MaxRetries = MaxRetries;
        options.MaxRate = MaxRate;
        Release0ConnectionInfo connection;
        try
        {
            connection = ModuleConnection.Connect(ConnectionScope, options, source);
        }
        catch (Release0ConfigurationException ex)
        {
            ThrowFailure(ex, BaseUri);
            throw;
        }

        WriteVerbose($"Connected to {options.BaseUri} (token: {source}).");
        if (PassThru)
        {
            WriteObject(connection);
        }
    }

    /// <summary>The token from Get-Secret, as the SecureString (or credential password) it returns.</summary>
    private SecureString ReadSecret(string name)
    {
        var getSecret = InvokeCommand.GetCommand("Get-Secret", CommandTypes.Cmdlet | CommandTypes.Function);
        if (getSecret is null)
        {
            ThrowTerminatingError(ToRecord(ErrorMapper.SecretManagementMissing()));
        }

        using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddCommand(getSecret!).AddParameter("Name", name);
        if (Vault is not null)
        {
            shell.AddParameter("Vault", Vault);
        }

        Collection<PSObject> found;
        try
        {
            found = shell.Invoke();
        }
        catch (RuntimeException ex)
        {
            ThrowTerminatingError(ToRecord(ErrorMapper.SecretUnreadable(name, Vault, ex.Message)));
            throw;
        }

        var value = found.Count == 1 ? found[0].BaseObject : null;
        var secret = value switch
        {
            SecureString secure => secure,
            string text => SecretText.ToSecure(text),
            PSCredential credential => credential.Password,
            _ => null,
        };
        if (shell.HadErrors || secret is null)
        {
            var reason = shell.Streams.Error.Count > 0 ? shell.Streams.Error[0].ToString() : $"Get-Secret returned {(value is null ? "nothing" : "a " + value.GetType().Name)}, not a SecureString, string or PSCredential";
            ThrowTerminatingError(ToRecord(ErrorMapper.SecretUnreadable(name, Vault, reason)));
        }

        return secret!;
    }
}
