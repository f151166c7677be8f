namespace Release0.Functions.HostTests;

/// <summary>One host for the whole suite (it takes long to start), so its tests run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<FunctionsHost>
{
    public const string Name = "Functions host";
}
