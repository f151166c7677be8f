namespace Release0.Deploy.Tests;

/// <summary>One publish and one template compile, shared by every deployment test.</summary>
[CollectionDefinition(Name)]
public sealed class DeployCollection : ICollectionFixture<PublishedApp>, ICollectionFixture<CompiledTemplate>
{
    public const string Name = "Deploy";
}
