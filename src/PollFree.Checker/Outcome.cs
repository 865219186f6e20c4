using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Checker;

/// <summary>The result of exploring (or replaying) one variant × scenario.</summary>
public sealed record Outcome(
    Variant Variant,
    Scenario Scenario,
    ExploreOptions Options,
    Violation? Violation,
    string? BugReport,
    long Schedules,
    long Steps,
    double Seconds,
    long? FirstBugSchedule,
    string? ReproducibleTrace,
    IReadOnlyList<Step> Journal)
{
    public bool Clean => this.Violation is null;

    /// <summary>Set when the schedule was shrunk: the counts before and after.</summary>
    public ShrinkStats? Shrunk { get; init; }

    /// <summary>Stopped by the user (Ctrl-C) before the budget was spent.</summary>
    public bool Interrupted { get; init; }

    /// <summary>"INV-B" or "clean": the verdict as the matrix prints it.</summary>
    public string Verdict => this.Violation?.Invariant ?? "clean";

    public double SchedulesPerSecond => this.Seconds > 0 ? this.Schedules / this.Seconds : 0;
}

/// <summary>How far an exploration got, for a progress line.</summary>
public sealed record ExploreProgress(long Done, long Budget, double Seconds)
{
    public double Rate => this.Seconds > 0 ? this.Done / this.Seconds : 0;
}
