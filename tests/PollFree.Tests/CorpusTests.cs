using PollFree.Checker;
using PollFree.Kernel;

namespace PollFree.Tests;

/// <summary>tests/schedules: one saved schedule per buggy cell, replayed as regressions.</summary>
public class CorpusTests
{
    public static TheoryData<string, string> BuggyCells()
    {
        var data = new TheoryData<string, string>();
        foreach (var (v, s) in History.BuggyCells())
        {
            data.Add(v.Id, s.Id);
        }

        return data;
    }

    private static string PathOf(string variant, string scenario) =>
        Path.Combine(TestSupport.RepoRoot, "tests", "schedules", Corpus.FileName(TestSupport.V(variant), TestSupport.S(scenario)));

    [Theory]
    [MemberData(nameof(BuggyCells))]
    public void SavedScheduleStillReproduces(string variant, string scenario)
    {
        var path = PathOf(variant, scenario);
        Assert.True(File.Exists(path), $"{path} is missing; regenerate the corpus: {Corpus.RegenerateCommand}");
        var meta = TraceFile.Read(path).Meta;
        var r = Corpus.Replay(path, TestSupport.Defaults);
        Assert.True(
            r.Result == Corpus.Result.Reproduced,
            $"{path} no longer reproduces {meta.Invariant} in {meta.Function}: {r.Result} " +
            $"({r.Outcome.Violation?.Invariant} in {r.Outcome.Violation?.Function}{(r.Divergence is { } d ? $", diverges at step {d.Index}: recorded '{d.Recorded}', now '{d.Now}'" : string.Empty)}); " +
            $"if the model changed on purpose, regenerate the corpus: {Corpus.RegenerateCommand}");
        Assert.Contains(meta.Invariant, History.Expected(variant, scenario));
    }

    [Theory]
    [MemberData(nameof(BuggyCells))]
    public void FixedVariantsReplayingABuggyScheduleAreCleanOrDoNotApply(string variant, string scenario)
    {
        foreach (var fixedVariant in new[] { Variant.V3, Variant.V4 })
        {
            var r = Corpus.Replay(PathOf(variant, scenario), TestSupport.Defaults, fixedVariant);
            Assert.Contains(r.Result, new[] { Corpus.Result.Clean, Corpus.Result.DoesNotApply });
            Assert.True(r.Outcome.Clean, r.Outcome.BugReport);
        }
    }
}

/// <summary>Shrinking keeps the violation and never makes the schedule worse.</summary>
public class ShrinkTests
{
    [Theory]
    [MemberData(nameof(CorpusTests.BuggyCells), MemberType = typeof(CorpusTests))]
    public void ShrunkScheduleHasNoMorePreemptionsAndStillReproduces(string variant, string scenario)
    {
        var found = TestSupport.Explore(variant, scenario);
        var shrunk = Shrinker.Shrink(found);
        var k = shrunk.Shrunk!;
        Assert.Equal(Shrinker.Preemptions(found.Journal), k.FoundPreemptions);
        Assert.True(k.Preemptions <= k.FoundPreemptions, $"{k.FoundPreemptions} -> {k.Preemptions}");
        Assert.True(k.Preemptions < k.FoundPreemptions || k.Steps <= k.FoundSteps, $"steps {k.FoundSteps} -> {k.Steps}");
        Assert.Equal(found.Violation!.Invariant, shrunk.Violation!.Invariant);
        Assert.Equal(found.Violation.Function, shrunk.Violation.Function);

        var replay = PollFree.Checker.Checker.Replay(TestSupport.V(variant), TestSupport.S(scenario), shrunk.ReproducibleTrace!, TestSupport.Defaults);
        Assert.Equal(shrunk.Violation.ToJson(), replay.Violation?.ToJson());
    }

    [Fact]
    public void PreemptionsCountOnlyInvoluntarySwitches()
    {
        static Step S(int i, string actor, Op op = Op.Read) => new(i, actor, "f", op, null, null, string.Empty, null, false, [], 0, null);
        Assert.Equal(0, Shrinker.Preemptions([S(0, "A"), S(1, "A"), S(2, "B")])); // A never runs again
        Assert.Equal(0, Shrinker.Preemptions([S(0, "A", Op.Sleep), S(1, "B"), S(2, "A")])); // A blocked
        Assert.Equal(1, Shrinker.Preemptions([S(0, "A"), S(1, "B"), S(2, "A")])); // A could have gone on
    }

    [Fact]
    public void TheI2RaceCannotHappenWithoutAPreemption()
    {
        // R must be preempted between its whead = NULL store and the rest of the callback.
        var shrunk = Shrinker.Shrink(TestSupport.Explore("v2", "close-races-reap"));
        Assert.InRange(shrunk.Shrunk!.Preemptions, 1, shrunk.Shrunk.FoundPreemptions);
    }
}
