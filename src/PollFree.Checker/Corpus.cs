using PollFree.Kernel;

namespace PollFree.Checker;

/// <summary>The replay corpus (tests/schedules): one saved schedule per buggy cell, replayed by CI as regressions.</summary>
public static class Corpus
{
    public const string Regenerate = "dotnet run --project tools/PollFree.Cli -c Release -- corpus";

    public static string FileName(Variant v, Scenario s) => $"{v.Id}-{s.Id}.trace";

    /// <summary>What replaying a saved schedule against some variant shows.</summary>
    public enum Result
    {
        /// <summary>The same invariant breaks in the same kernel function.</summary>
        Reproduced,

        /// <summary>A violation, but another one.</summary>
        Different,

        /// <summary>The schedule runs to its end and nothing breaks.</summary>
        Clean,

        /// <summary>The variant's code takes another path: the schedule stops matching at some step.</summary>
        DoesNotApply,
    }

    public sealed record Replayed(TraceMetadata Meta, Result Result, Outcome Outcome, (int Index, string? Recorded, string? Now)? Divergence);

    /// <summary>Replays <paramref name="path"/> against its own variant, or against <paramref name="against"/>.</summary>
    public static Replayed Replay(string path, ExploreOptions defaults, Variant? against = null)
    {
        var (meta, variant, scenario, trace) = TraceFile.Read(path);
        var target = against ?? variant;
        Outcome o;
        try
        {
            o = Checker.Replay(target, scenario, trace, defaults with { Strategy = meta.Strategy, Seed = meta.Seed });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Replayed(meta, Result.DoesNotApply, new Outcome(target, scenario, defaults, null, e.Message, 0, 0, 0, null, null, []), null);
        }

        var divergence = TraceFile.Divergence(meta.Events, o.Journal);
        var result = o.Violation switch
        {
            { } v when v.Invariant == meta.Invariant && v.Function == meta.Function => Result.Reproduced,
            not null => Result.Different,
            null when divergence is not null => Result.DoesNotApply,
            _ => Result.Clean,
        };
        return new Replayed(meta, result, o, divergence);
    }
}
