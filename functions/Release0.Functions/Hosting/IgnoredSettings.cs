using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Release0.Functions.Hosting;

/// <summary>
/// App settings named like the app's own (<c>RELEASE0_...</c>) that it never reads. A misspelt setting would
/// otherwise leave its default in force without a word; each one is a startup warning, naming the closest
/// setting the app does read when one is near.
/// </summary>
public sealed class IgnoredSettings : IHostedService
{
    private const string Prefix = "RELEASE0_";
    private const int NearEnough = 3;

    private readonly IReadOnlyList<string> _messages;
    private readonly StartupWarnings _warnings;

    public IgnoredSettings(IReadOnlyList<string> messages, StartupWarnings warnings)
    {
        _messages = messages;
        _warnings = warnings;
    }

    /// <summary>One message for each <c>RELEASE0_</c> setting present in <paramref name="configuration"/> but not in <paramref name="read"/>.</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration, IReadOnlyCollection<string> read)
    {
        var known = read.Where(name => name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        return configuration.AsEnumerable()
            .Select(setting => setting.Key)
            .Where(name => name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && !read.Contains(name, StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(name => known.MinBy(candidate => Distance(name, candidate)) is { } closest && Distance(name, closest) <= NearEnough
                ? $"Release0 jobs: ignoring app setting {name}, which the app does not read; did you mean {closest}?"
                : $"Release0 jobs: ignoring app setting {name}, which the app does not read (README: Azure Functions app, Settings).")
            .ToList();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var message in _messages)
        {
            _warnings.Write(message);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Edits (insert, delete, replace a letter) from one name to the other, ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var replace = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + replace);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
