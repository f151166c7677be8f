namespace Release0.Deploy.Tests;

/// <summary>
/// infra/main.bicep against the published app: it compiles and lints clean, creates the queues the
/// functions trigger on and the containers the app writes to, and sets exactly the settings the app reads.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class TemplateTests
{
    // Settings the Functions host and its SDKs read rather than the app's own code.
    private static readonly string[] HostSettings =
    [
        "FUNCTIONS_EXTENSION_VERSION",
        "FUNCTIONS_WORKER_RUNTIME",
        "WEBSITE_RUN_FROM_PACKAGE",
        "AzureWebJobsStorage__credential",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ];

    // What Azure puts in the settings whose values come from other resources at deployment.
    private static readonly Dictionary<string, string> Deployed = new()
    {
        ["AzureWebJobsStorage__accountName"] = "release0abc123",
        ["AzureWebJobsStorage__clientId"] = "6d1c6c1e-3f0a-4c8e-9a55-7b2f1e0d4c21",
        // The host resolves the Key Vault reference before the app reads the setting.
        ["RELEASE0_API_TOKEN"] = "token-from-key-vault",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000",
    };

    private readonly PublishedApp _app;
    private readonly CompiledTemplate _template;

    public TemplateTests(PublishedApp app, CompiledTemplate template)
    {
        _app = app;
        _template = template;
    }

    [Fact]
    public void Infra_builds_and_lints_with_no_diagnostics()
    {
        Assert.True(_template.ExitCode == 0, $"infra/check.sh failed:\n{_template.Output}");
        Assert.Contains("build and lint clean", _template.Output);
        Assert.DoesNotContain("Warning", _template.Output);
    }

    [Fact]
    public void Template_creates_the_queues_the_functions_trigger_on()
    {
        var queues = _template.Json["variables"]!["queueNames"]!.AsArray().Select(q => (string)q!);
        Assert.Equal(_app.TriggerQueues().Order(StringComparer.Ordinal), queues.Order(StringComparer.Ordinal));
        var loop = (string)_template.Resource("Microsoft.Storage/storageAccounts/queueServices/queues")["copy"]!["count"]!;
        Assert.Contains("variables('queueNames')", loop);
    }

    [Fact]
    public void Template_creates_the_containers_the_app_is_told_to_use_and_falls_back_to()
    {
        var settings = _template.AppSettings();
        var loop = (string)_template.Resource("Microsoft.Storage/storageAccounts/blobServices/containers")["copy"]!["count"]!;
        using var reader = new PublishedSettingsReader(_app.Folder);
        // The template's settings less the container names: what the app falls back to.
        var (defaults, _, _) = reader.Read(Resolve(settings).Where(s => !s.Key.EndsWith("_CONTAINER", StringComparison.Ordinal)).ToDictionary());

        foreach (var (setting, parameter, property) in new[]
        {
            ("RELEASE0_RESULTS_CONTAINER", "resultsContainerName", "ResultsContainer"),
            ("RELEASE0_DEFINITIONS_CONTAINER", "definitionsContainerName", "DefinitionsContainer"),
        })
        {
            Assert.Equal($"[parameters('{parameter}')]", settings[setting]);
            Assert.Contains($"parameters('{parameter}')", loop);
            Assert.Equal(PublishedSettingsReader.Property(defaults, property), _template.ParameterDefault(parameter));
        }
    }

    [Fact]
    public void Every_template_setting_is_read_by_the_app_or_the_host()
    {
        var settings = _template.AppSettings();
        using var reader = new PublishedSettingsReader(_app.Folder);
        var (_, _, read) = reader.Read(Resolve(settings));

        var unread = settings.Keys.Except(read).Except(HostSettings).ToList();
        Assert.True(unread.Count == 0, $"the template sets {string.Join(", ", unread)}, which the app never reads");
        var missing = read.Where(n => n.StartsWith("RELEASE0_", StringComparison.Ordinal)).Except(settings.Keys).ToList();
        Assert.True(missing.Count == 0, $"the app reads {string.Join(", ", missing)}, which the template leaves unset");
    }

    [Fact]
    public void Published_app_accepts_the_template_settings_as_deployed()
    {
        using var reader = new PublishedSettingsReader(_app.Folder);
        var (host, connection, _) = reader.Read(Resolve(_template.AppSettings()));

        Assert.Null(PublishedSettingsReader.Property(host, "Storage.ConnectionString"));
        Assert.Equal(new Uri("https://release0abc123.queue.core.windows.net"), PublishedSettingsReader.Property(host, "Storage.QueueServiceUri"));
        Assert.Equal(new Uri("https://release0abc123.blob.core.windows.net"), PublishedSettingsReader.Property(host, "Storage.BlobServiceUri"));
        Assert.Equal(Deployed["AzureWebJobsStorage__clientId"], PublishedSettingsReader.Property(host, "Storage.ClientId"));
        Assert.Equal("0 */5 * * * *", PublishedSettingsReader.Property(host, "Schedule"));
        Assert.Equal("AtMostOnce", PublishedSettingsReader.Property(host, "Workflow.SubmitPolicy")!.ToString());
        Assert.Equal(TimeSpan.FromMinutes(15), PublishedSettingsReader.Property(host, "Workflow.ClaimLease"));
        Assert.Equal("token-from-key-vault", PublishedSettingsReader.Property(connection, "ApiToken"));
        Assert.Equal(new Uri("https://release0.com/"), PublishedSettingsReader.Property(connection, "BaseUri"));
    }

    [Fact]
    public void Template_reaches_storage_and_the_token_through_the_identity_with_no_key()
    {
        var settings = _template.AppSettings();
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", settings["RELEASE0_API_TOKEN"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);

        var site = _template.Resource("Microsoft.Web/sites");
        Assert.Equal("DOTNET-ISOLATED|10.0", (string?)site["properties"]!["siteConfig"]!["linuxFxVersion"]);
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", (string)site["properties"]!["keyVaultReferenceIdentity"]!);
        Assert.Equal(false, (bool?)_template.Resource("Microsoft.Storage/storageAccounts")["properties"]!["allowSharedKeyAccess"]);

        var roles = _template.Resources("Microsoft.Authorization/roleAssignments")
            .Select(r => (string)r["properties"]!["roleDefinitionId"]!)
            .Select(id => _template.Json["variables"]!.AsObject().Single(v => id.Contains($"variables('{v.Key}')", StringComparison.Ordinal)).Key);
        Assert.Equal(["keyVaultSecretsUser", "storageBlobDataOwner", "storageQueueDataContributor"], roles.Order(StringComparer.Ordinal));

        var json = _template.Json.ToJsonString();
        Assert.DoesNotContain("listKeys", json);
        Assert.DoesNotContain("AccountKey", json);
    }

    /// <summary>The settings as the app sees them once deployed with the template's defaults.</summary>
    private IReadOnlyDictionary<string, string> Resolve(IReadOnlyDictionary<string, string> settings) => settings.ToDictionary(
        s => s.Key,
        s =>
        {
            if (!s.Value.StartsWith('['))
            {
                return s.Value;
            }

            if (System.Text.RegularExpressions.Regex.Match(s.Value, @"^\[parameters\('(\w+)'\)\]$") is { Success: true } parameter
                && _template.ParameterDefault(parameter.Groups[1].Value) is { } value)
            {
                return value;
            }

            Assert.True(Deployed.ContainsKey(s.Key), $"the template computes {s.Key} at deployment; say in {nameof(Deployed)} what it becomes");
            return Deployed[s.Key];
        });
}
