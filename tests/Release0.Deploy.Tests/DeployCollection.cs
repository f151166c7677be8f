namespace Release0.Deploy.Tests;

/// <summary>One publish and one template compile, shared by the deployment tests, which run one at a time: each Release build of the core is the only one.</summary>
[CollectionDefinition(Name)]
public sealed class DeployCollection : ICollectionFixture<PublishedApp>, ICollectionFixture<CompiledTemplate>
{
    public const string Name = "Deploy";
}
