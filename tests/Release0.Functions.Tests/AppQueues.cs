namespace Release0.Functions.Tests;

/// <summary>
/// Tests that use the app's own queues: their names are fixed in the triggers (the README's table), not
/// settings, so these tests run one after another; every other test has queues and containers of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AppQueues
{
    public const string Name = "the app's fixed queues";
}
