using PollFree.Checker;

namespace PollFree.Tests;

/// <summary>Every variant × scenario against KERNEL.md's history (§2–§6, §8, §10).</summary>
public class VerdictTests
{
    /// <summary>Bug cells: the invariant(s) KERNEL.md says the version breaks there, and where it breaks.</summary>
    [Theory]
    [InlineData("v0", "reap-then-close", "INV-A", "__cleanup_sighand", "release_task")]
    [InlineData("v0", "close-races-reap", "INV-A|INV-B", null, null)]
    [InlineData("v0", "signal-during-reap", "INV-A", "__cleanup_sighand", "__exit_signal")]
    [InlineData("v0", "reuse-by-fork", "INV-A", "__cleanup_sighand", "__exit_signal")]
    [InlineData("v0", "wait-across-reap", "INV-A", "__cleanup_sighand", "__exit_signal")]
    [InlineData("v0", "exclusive-waiters", "INV-A", "__cleanup_sighand", "__exit_signal")]
    [InlineData("v1", "reap-then-close", "INV-B", "remove_wait_queue", "ep_unregister_pollwait")]
    [InlineData("v1", "close-races-reap", "INV-B", "remove_wait_queue", "ep_unregister_pollwait")]
    [InlineData("v1", "signal-during-reap", "INV-B", "remove_wait_queue", "ep_unregister_pollwait")]
    [InlineData("v1", "reuse-by-fork", "INV-B", "remove_wait_queue", "ep_unregister_pollwait")]
    [InlineData("v2", "close-races-reap", "INV-C", "ep_poll_callback", "signalfd_cleanup")]
    [InlineData("v0", "exec-drops-sighand", "INV-A", "__cleanup_sighand", "release_task")]
    [InlineData("v1", "exec-drops-sighand", "INV-B", "remove_wait_queue", "ep_unregister_pollwait")]
    public void BuggyVariantBreaksTheInvariantKernelHistorySays(string variant, string scenario, string invariants, string? function, string? caller)
    {
        var o = TestSupport.Explore(variant, scenario);
        var v = o.Violation;
        Assert.True(v is not null, $"{variant} {scenario}: no bug in {o.Schedules} schedules; reproduce locally: {TestSupport.ExploreCommand(o)}");
        Assert.Contains(v.Invariant, invariants.Split('|'));
        if (function is not null)
        {
            Assert.Equal(function, v.Function);
            Assert.Contains(caller!, v.Chain);
        }

        Assert.NotEmpty(v.Object);
        Assert.NotEmpty(v.Cache);
        Assert.NotNull(v.FreedBy ?? v.AccessedBy);
    }

    [Fact]
    public void V1RemoverLocksTheFreedSighandQueue()
    {
        var v = TestSupport.Explore("v1", "reap-then-close").Violation!;
        Assert.Equal("sighand_struct", v.Type);
        Assert.Equal("sighand_cache", v.Cache);
        Assert.Equal("signalfd_wqh.lock", v.Field);
        Assert.StartsWith("Write (Lock)", v.Access, StringComparison.Ordinal);
        Assert.Equal("X", v.AccessedBy!.Actor);
        Assert.Equal("R", v.FreedBy!.Actor);
        Assert.Contains("__cleanup_sighand", v.FreedBy.Chain);
        Assert.Equal(0, v.RcuDepth);
    }

    [Fact]
    public void V2WakerTouchesThePollerMemoryTheRemoverFreed()
    {
        var v = TestSupport.Explore("v2", "close-races-reap").Violation!;
        Assert.Contains(v.Type, new[] { "eppoll_entry", "epitem", "eventpoll" });
        Assert.Equal("R", v.AccessedBy!.Actor);
        Assert.Equal("X", v.FreedBy!.Actor);
        Assert.Contains(v.FreedBy.Chain, f => f is "ep_unregister_pollwait" or "ep_remove" or "ep_free");
    }

    /// <summary>Cells KERNEL.md says are clean for a buggy version (the race needs a window the scenario lacks).</summary>
    [Theory]
    [InlineData("v1", "wait-across-reap")]
    [InlineData("v1", "exclusive-waiters")]
    [InlineData("v2", "reap-then-close")]
    [InlineData("v2", "signal-during-reap")]
    [InlineData("v2", "reuse-by-fork")]
    [InlineData("v2", "wait-across-reap")]
    [InlineData("v2", "exclusive-waiters")]
    [InlineData("v2", "exec-drops-sighand")]
    public void CleanCellOfABuggyVariant(string variant, string scenario)
    {
        var o = TestSupport.Explore(variant, scenario);
        Assert.True(o.Clean, $"{o.BugReport}\nreproduce locally: {TestSupport.ExploreCommand(o)}");
        Assert.Equal(TestSupport.Defaults.Iterations, (uint)o.Schedules);
    }

    /// <summary>The fixed versions survive coyote.json's clean budget per scenario, spread over several strategies.</summary>
    [Theory]
    [InlineData("v3", "reap-then-close")]
    [InlineData("v3", "close-races-reap")]
    [InlineData("v3", "signal-during-reap")]
    [InlineData("v3", "reuse-by-fork")]
    [InlineData("v3", "wait-across-reap")]
    [InlineData("v3", "exclusive-waiters")]
    [InlineData("v3", "exec-drops-sighand")]
    [InlineData("v4", "reap-then-close")]
    [InlineData("v4", "close-races-reap")]
    [InlineData("v4", "signal-during-reap")]
    [InlineData("v4", "reuse-by-fork")]
    [InlineData("v4", "wait-across-reap")]
    [InlineData("v4", "exclusive-waiters")]
    [InlineData("v4", "exec-drops-sighand")]
    public void FixedVariantStaysCleanUnderTheBudget(string variant, string scenario)
    {
        var budget = TestSupport.Config.CleanBudget;
        var per = (uint)Math.Ceiling(budget.Schedules / (double)budget.Strategies.Count);
        long total = 0;
        foreach (var strategy in budget.Strategies)
        {
            var o = TestSupport.Explore(variant, scenario, TestSupport.Defaults with { Strategy = strategy, Iterations = per });
            Assert.True(o.Clean, $"{o.BugReport}\nreproduce locally: {TestSupport.ExploreCommand(o)}");
            total += o.Schedules;
        }

        Assert.True(total >= budget.Schedules, $"{total} schedules");
        Assert.True(budget.Schedules >= 10_000);
    }
}
