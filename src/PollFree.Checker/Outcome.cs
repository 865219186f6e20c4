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

    /// <summary>"INV-B" or "clean": the verdict as the matrix prints it.</summary>
    public string Verdict => this.Violation?.Invariant ?? "clean";

    public double SchedulesPerSecond => this.Seconds > 0 ? this.Schedules / this.Seconds : 0;
}
