using PollFree.Specs;

namespace PollFree.Checker;

/// <summary>How to explore one variant × scenario. Defaults come from coyote.json; flags override them.</summary>
public sealed record ExploreOptions
{
    /// <summary>The strategies PollFree accepts, as the CLI spells them.</summary>
    public static readonly IReadOnlyList<string> Strategies =
        ["random", "probabilistic", "pct", "fair-pct", "delay-bounding", "fair-delay-bounding", "q-learning", "portfolio"];

    public string Strategy { get; init; } = "random";

    public uint Iterations { get; init; } = 1000;

    public uint MaxSteps { get; init; } = 5000;

    public uint Seed { get; init; }

    /// <summary>PCT's priority-change bound or delay-bounding's delay bound; null leaves Coyote's default (10).</summary>
    public uint? StrategyBound { get; init; }

    /// <summary>Shrink a failing schedule before it is saved (fewest preemptions, then fewest steps).</summary>
    public bool Shrink { get; init; } = true;

    /// <summary>Seconds; 0 means no timeout.</summary>
    public int TimeoutSeconds { get; init; }

    /// <summary>Coyote's liveness temperature threshold; 0 leaves Coyote's default (hot-at-quiescence still applies).</summary>
    public uint LivenessThreshold { get; init; }

    /// <summary>Where explore writes failing schedules.</summary>
    public string OutputDirectory { get; init; } = "out";

    /// <summary>The specs to register; all of them unless a caller narrows it (a spec's own test does).</summary>
    public IReadOnlyList<Spec> Specs { get; init; } = Spec.All;
}
