using System.Text.RegularExpressions;
using Release0.Core.Connection;

namespace Release0.Functions.Hosting;

/// <summary>
/// The app's storage account, from the same settings the Functions host reads for its triggers: a
/// connection string in <c>AzureWebJobsStorage</c>, or an identity-based connection
/// (<c>AzureWebJobsStorage__accountName</c>, or <c>__queueServiceUri</c> and <c>__blobServiceUri</c>,
/// with <c>__clientId</c> for a user-assigned managed identity).
/// </summary>
public sealed class StorageConnectionSettings
{
    private static readonly Regex AccountName = new(@"\A[a-z0-9]{3,24}\z", RegexOptions.Compiled);

    private StorageConnectionSettings(string? connectionString, Uri? queueServiceUri, Uri? blobServiceUri, string? clientId)
    {
        ConnectionString = connectionString;
        QueueServiceUri = queueServiceUri;
        BlobServiceUri = blobServiceUri;
        ClientId = clientId;
    }

    /// <summary>Set for a connection string; null for an identity-based connection.</summary>
    public string? ConnectionString { get; }

    /// <summary>Set for an identity-based connection.</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>Set for an identity-based connection.</summary>
    public Uri? BlobServiceUri { get; }

    /// <summary>The client id of a user-assigned managed identity; null for the system-assigned one or a developer's sign-in.</summary>
    public string? ClientId { get; }

    public override string ToString() => ConnectionString is not null
        ? "a connection string"
        : $"identity-based ({QueueServiceUri}, {BlobServiceUri})";

    /// <summary>
    /// Reads the connection named <paramref name="name"/>. <paramref name="get"/> is the app's configuration:
    /// nested names are looked up as <c>name:key</c> (how configuration sees <c>name__key</c>) and as <c>name__key</c>.
    /// </summary>
    public static StorageConnectionSettings From(Func<string, string?> get, string name = "AzureWebJobsStorage")
    {
        string? Setting(string key) => Trimmed(get($"{name}:{key}")) ?? Trimmed(get($"{name}__{key}"));

        if (Trimmed(get(name)) is { } connectionString)
        {
            return new StorageConnectionSettings(connectionString, null, null, null);
        }

        var account = Setting("accountName");
        if (account is not null && !AccountName.IsMatch(account))
        {
            throw new Release0ConfigurationException($"{name}__accountName", $"{name}__accountName '{account}' is not a storage account name: 3 to 24 lowercase letters and digits.");
        }

        var queues = ServiceUri(Setting("queueServiceUri"), $"{name}__queueServiceUri", name) ?? (account is null ? null : new Uri($"https://{account}.queue.core.windows.net"));
        var blobs = ServiceUri(Setting("blobServiceUri"), $"{name}__blobServiceUri", name) ?? (account is null ? null : new Uri($"https://{account}.blob.core.windows.net"));
        if (queues is null && blobs is null)
        {
            throw new Release0ConfigurationException(name, $"{name} is not set: give a connection string (UseDevelopmentStorage=true for Azurite), or an identity-based connection with {name}__accountName (or {name}__queueServiceUri and {name}__blobServiceUri).");
        }

        if (queues is null || blobs is null)
        {
            var missing = queues is null ? "queueServiceUri" : "blobServiceUri";
            throw new Release0ConfigurationException($"{name}__{missing}", $"{name}__{missing} is not set: the app uses both queues and blobs, so give both service URIs, or {name}__accountName instead.");
        }

        return new StorageConnectionSettings(null, queues, blobs, Setting("clientId"));
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    private static Uri? ServiceUri(string? value, string setting, string name)
    {
        if (value is null)
        {
            return null;
        }

        // The storage clients refuse to send a token over http, even to a local emulator, so refuse it here by name.
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? uri
            : throw new Release0ConfigurationException(setting, $"{setting} '{value}' must be an absolute https:// URI, e.g. https://myaccount.queue.core.windows.net (for a local emulator, set {name} to a connection string such as UseDevelopmentStorage=true).");
    }
}
