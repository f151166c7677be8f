namespace Release0.Sandbox.Chat;

/// <summary>A scripted agent: reachable by its public id (live) and its agent id (preview).</summary>
internal sealed class SandboxAgent
{
    public SandboxAgent(string publicId, string name, IReadOnlyList<Step> steps, bool hasProgressBar = false)
    {
        PublicId = publicId;
        AgentId = "agent-" + publicId;
        Name = name;
        Steps = steps;
        HasProgressBar = hasProgressBar;
    }

    public string PublicId { get; }

    public string AgentId { get; }

    public string Name { get; }

    public IReadOnlyList<Step> Steps { get; }

    public bool HasProgressBar { get; }
}
