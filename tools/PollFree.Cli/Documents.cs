using PollFree.Checker;
using PollFree.Specs;

namespace PollFree.Cli;

/// <summary>The --json documents. Their shapes are documented in README "JSON output"; keep them stable.</summary>
internal static class Documents
{
    public static object Explore(Outcome o, (string Trace, string Text)? saved) => new
    {
        variant = o.Variant.Id,
        commit = o.Variant.Commit,
        scenario = o.Scenario.Id,
        strategy = o.Options.Strategy,
        seed = o.Options.Seed,
        iterations = o.Options.Iterations,
        verdict = o.Verdict,
        schedules = o.Schedules,
        steps = o.Steps,
        seconds = Math.Round(o.Seconds, 3),
        schedulesPerSecond = Math.Round(o.SchedulesPerSecond, 1),
        firstBugSchedule = o.FirstBugSchedule,
        interrupted = o.Interrupted,
        shrunk = o.Shrunk,
        violation = Violation(o.Violation),
        trace = saved?.Trace,
        report = saved?.Text,
    };

    public static object? Violation(Violation? v) => v is null ? null : new
    {
        invariant = v.Invariant,
        title = v.Title,
        function = v.Function,
        chain = v.Chain,
        @object = v.Object,
        type = v.Type,
        cache = v.Cache,
        field = v.Field,
        access = v.Access,
        lifetime = v.Lifetime,
        step = v.Step,
        rcuDepth = v.RcuDepth,
        locks = v.Locks,
        allocatedBy = v.AllocatedBy,
        freedBy = v.FreedBy,
        accessedBy = v.AccessedBy,
    };
}
