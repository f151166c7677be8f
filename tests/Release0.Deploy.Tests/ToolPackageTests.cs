using System.IO.Compression;
using System.Xml.Linq;

namespace Release0.Deploy.Tests;

/// <summary>
/// The release0 tool package as a gallery shows it: readme, licence, project, tags, release notes. Packed
/// as the README says (Release), in the deployment collection so it never builds alongside the publish.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "release0-pack-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Pack_warns_of_nothing_and_the_package_carries_the_readme_and_gallery_metadata()
    {
        var (exitCode, output) = await Repo.RunAsync("dotnet", "pack", Path.Combine(Repo.Root, "cli", "Release0.Cli"), "-o", _folder, "--nologo");
        Assert.True(exitCode == 0, $"dotnet pack failed:\n{output}");
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);

        using var package = ZipFile.OpenRead(Directory.GetFiles(_folder, "Release0.Cli.*.nupkg").Single());
        using var nuspecStream = package.GetEntry("Release0.Cli.nuspec")!.Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;

        Assert.Equal("README.md", Field("readme"));
        Assert.Equal("MIT", Field("license"));
        Assert.StartsWith("https://", Field("projectUrl"));
        Assert.Contains("release0", Field("tags").Split(' '));
        Assert.Contains(Field("version"), Field("releaseNotes"));

        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Root, "README.md")), await readme.ReadToEndAsync());
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
