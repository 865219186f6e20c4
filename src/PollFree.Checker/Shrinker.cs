using PollFree.Kernel;

namespace PollFree.Checker;

/// <summary>How much a counterexample was shrunk.</summary>
public sealed record ShrinkStats(int FoundPreemptions, int FoundSteps, int Preemptions, int Steps, int Candidates);

/// <summary>
/// Minimal counterexamples: among schedules that violate the same invariant in the same kernel function, keep the one
/// with the fewest preemptions, then the fewest steps. Candidates come from delay-bounding runs with bounds 0, 1, 2, ...
/// (few delays means few preemptions), plus the schedule found first, so the result is never worse than it.
/// </summary>
public static class Shrinker
{
    private const uint MaxBound = 3;
    private const uint Seeds = 4;
    private const uint IterationsPerRun = 60;

    /// <summary>
    /// A preemption is a switch away from a thread that could have gone on: its step was not a block, and it has more
    /// steps later. Voluntary switches (blocking, finishing) are free.
    /// </summary>
    public static int Preemptions(IReadOnlyList<Step> journal)
    {
        var last = new Dictionary<string, int>();
        for (var i = 0; i < journal.Count; i++)
        {
            last[journal[i].Actor] = i;
        }

        var n = 0;
        for (var i = 0; i + 1 < journal.Count; i++)
        {
            var s = journal[i];
            if (journal[i + 1].Actor != s.Actor && s.Op != Op.Sleep && last[s.Actor] > i)
            {
                n++;
            }
        }

        return n;
    }

    public static Outcome Shrink(Outcome found)
    {
        if (found.Violation is not { } target)
        {
            return found;
        }

        var best = found;
        var candidates = 1;
        for (uint bound = 0; bound <= MaxBound; bound++)
        {
            for (uint seed = 0; seed < Seeds; seed++)
            {
                var o = Checker.Explore(found.Variant, found.Scenario, found.Options with
                {
                    Strategy = "delay-bounding",
                    StrategyBound = bound,
                    Seed = seed,
                    Iterations = IterationsPerRun,
                    TimeoutSeconds = 0,
                });
                if (o.Violation is { } v && v.Invariant == target.Invariant && v.Function == target.Function)
                {
                    candidates++;
                    if (Key(o).CompareTo(Key(best)) < 0)
                    {
                        best = o;
                    }
                }
            }

            if (best != found && Preemptions(best.Journal) <= bound)
            {
                break; // a higher bound cannot give fewer preemptions than this one already has
            }
        }

        // The run the user asked for stays the outcome (its seed names the file); only the schedule is replaced.
        return found with
        {
            Violation = best.Violation,
            BugReport = best.BugReport,
            ReproducibleTrace = best.ReproducibleTrace,
            Journal = best.Journal,
            Shrunk = new ShrinkStats(Preemptions(found.Journal), found.Journal.Count, Preemptions(best.Journal), best.Journal.Count, candidates),
        };
    }

    private static (int, int) Key(Outcome o) => (Preemptions(o.Journal), o.Journal.Count);
}
