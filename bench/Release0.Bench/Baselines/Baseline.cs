namespace Release0.Bench.Baselines;

/// <summary>The names the result table gives the two client baselines.</summary>
internal static class Baseline
{
    public const string Typed = "hand-written STJ client";

    public const string Raw = "raw HttpClient";
}
