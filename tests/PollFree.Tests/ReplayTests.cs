using PollFree.Kernel;

namespace PollFree.Tests;

public class ReplayTests
{
    [Theory]
    [InlineData("v1", "close-races-reap")]
    [InlineData("v2", "close-races-reap")]
    public void AFoundScheduleReplaysToTheSameViolation(string variant, string scenario)
    {
        var found = TestSupport.Explore(variant, scenario);
        Assert.NotNull(found.ReproducibleTrace);
        for (var i = 0; i < 3; i++)
        {
            var replay = PollFree.Checker.Checker.Replay(TestSupport.V(variant), TestSupport.S(scenario), found.ReproducibleTrace!, TestSupport.Defaults);
            Assert.Equal(found.Violation!.ToJson(), replay.Violation?.ToJson());
            Assert.Equal(found.Journal.Select(s => s.ToString()), replay.Journal.Select(s => s.ToString()));
        }
    }

    [Fact]
    public void AFixedVariantReplayingABuggySchedulePassesClean()
    {
        var found = TestSupport.Explore("v2", "close-races-reap");
        var replay = PollFree.Checker.Checker.Replay(Variant.V3, TestSupport.S("close-races-reap"), found.ReproducibleTrace!, TestSupport.Defaults);
        Assert.True(replay.Clean);
    }

    [Fact]
    public void ACancelledExplorationStopsEarlyAndSaysSo()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var o = PollFree.Checker.Checker.Explore(Variant.V4, TestSupport.S("reap-then-close"), TestSupport.Defaults with { Iterations = 100_000 }, cancel: cancel.Token);
        Assert.True(o.Interrupted);
        Assert.True(o.Clean);
        Assert.True(o.Schedules < 100_000, $"{o.Schedules}");
    }

    [Fact]
    public void SameSeedSameFirstBug()
    {
        var a = TestSupport.Explore("v2", "close-races-reap");
        var b = TestSupport.Explore("v2", "close-races-reap");
        Assert.Equal(a.FirstBugSchedule, b.FirstBugSchedule);
        Assert.Equal(a.ReproducibleTrace, b.ReproducibleTrace);
    }
}
