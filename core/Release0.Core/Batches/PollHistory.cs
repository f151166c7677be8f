namespace Release0.Core.Batches;

/// <summary>
/// How long earlier batch jobs took to complete, per agent: the newest <see cref="PerAgent"/> of
/// each, for at most <see cref="MaxAgents"/> agents (the one heard from longest ago is forgotten
/// first). Safe to share between concurrent waits. <see cref="LearnedPollSchedule"/> shapes polls from it;
/// <see cref="PollHistoryFile"/> keeps it between runs.
/// </summary>
public sealed class PollHistory
{
    /// <summary>Enough to follow an agent that changes, small enough that the file stays tiny.</summary>
    public const int PerAgent = 32;

    public const int MaxAgents = 256;

    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<AgentDurations>> _byAgent = new(StringComparer.Ordinal);

    // Least recently recorded first, so the oldest agent is the first to go.
    private readonly LinkedList<AgentDurations> _byRecency = new();

    /// <summary>The agent's recorded durations, oldest first; empty when it has none.</summary>
    public IReadOnlyList<TimeSpan> DurationsOf(string agent)
    {
        lock (_gate)
        {
            return _byAgent.TryGetValue(agent, out var node) ? node.Value.Durations.ToArray() : [];
        }
    }

    /// <summary>Adds a completed job's duration; durations that are not positive are ignored.</summary>
    public void Record(string agent, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero || string.IsNullOrEmpty(agent))
        {
            return;
        }

        lock (_gate)
        {
            if (_byAgent.TryGetValue(agent, out var node))
            {
                _byRecency.Remove(node);
            }
            else
            {
                node = new LinkedListNode<AgentDurations>(new AgentDurations(agent));
                _byAgent[agent] = node;
            }

            _byRecency.AddLast(node);
            var durations = node.Value.Durations;
            durations.Add(duration);
            if (durations.Count > PerAgent)
            {
                durations.RemoveAt(0);
            }

            if (_byAgent.Count > MaxAgents)
            {
                _byAgent.Remove(_byRecency.First!.Value.Agent);
                _byRecency.RemoveFirst();
            }
        }
    }

    /// <summary>Every agent with its durations, the least recently recorded agent first (the order a file keeps).</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<TimeSpan>>> Snapshot()
    {
        lock (_gate)
        {
            return _byRecency.Select(a => new KeyValuePair<string, IReadOnlyList<TimeSpan>>(a.Agent, a.Durations.ToArray())).ToList();
        }
    }

    private sealed class AgentDurations
    {
        public AgentDurations(string agent)
        {
            Agent = agent;
        }

        public string Agent { get; }

        public List<TimeSpan> Durations { get; } = [];
    }
}
