using PollFree.Kernel;

namespace PollFree.Checker;

/// <summary>The replay corpus (tests/schedules): one saved schedule per buggy cell, replayed by CI as regressions.</summary>
public static class Corpus
{
    public const string RegenerateCommand = "dotnet run --project tools/PollFree.Cli -c Release -- corpus";

    public static string FileName(Variant v, Scenario s) => $"{v.Id}-{s.Id}.trace";

    /// <summary>Explores every buggy cell, shrinks what it finds, and writes the trace (and <paramref name="readable"/>'s
    /// text beside it) into <paramref name="dir"/>. Returns the shrunk outcomes and their paths.</summary>
    public static IReadOnlyList<(Outcome Outcome, string Path)> Regenerate(string dir, ExploreOptions options, Func<Outcome, string> readable)
    {
        var saved = new List<(Outcome, string)>();
        foreach (var (v, s) in History.BuggyCells())
        {
            var found = Checker.Explore(v, s, options);
            if (found.Clean)
            {
                throw new InvalidOperationException($"{v.Id} × {s.Id}: no bug in {found.Schedules} schedules; raise iterations in coyote.json");
            }

            var shrunk = Shrinker.Shrink(found);
            var path = System.IO.Path.Combine(dir, FileName(v, s));
            TraceFile.WriteAtomic(path, TraceFile.Compose(shrunk));
            TraceFile.WriteAtomic(System.IO.Path.ChangeExtension(path, ".txt"), readable(shrunk));
            saved.Add((shrunk, path));
        }

        return saved;
    }

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
