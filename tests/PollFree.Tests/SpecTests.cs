using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Tests;

/// <summary>Each spec, registered alone, fires on a buggy variant: none of them is a spec that cannot trigger.</summary>
public class SpecTests
{
    [Theory]
    [InlineData("INV-A", "v0", "reap-then-close")]
    [InlineData("INV-B", "v1", "reap-then-close")]
    [InlineData("INV-C", "v2", "close-races-reap")]
    [InlineData("LIVE", "v0", "wait-across-reap")]
    public void SpecAloneFiresOnAKernelVersion(string spec, string variant, string scenario)
    {
        var o = TestSupport.Explore(variant, scenario, TestSupport.Only(Spec.Find(spec)!));
        Assert.Equal(spec, o.Violation?.Invariant);
    }

    [Fact]
    public void InvDFiresWhenAnExclusiveWaiterStopsWakeUpPoll()
    {
        var mutant = Variant.V3 with { ExclusivePollfreeWakes = true };
        var o = TestSupport.Explore(mutant, "exclusive-waiters", TestSupport.Only(Spec.InvD));
        var v = o.Violation!;
        Assert.Equal("INV-D", v.Invariant);
        Assert.Equal("signalfd_cleanup", v.Function);
        Assert.Contains("nr_exclusive=1", v.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void InvDHoldsForTheSameMutantOnceWakeUpPollfreeWakesEveryone()
    {
        var mutant = Variant.V4 with { ExclusivePollfreeWakes = true };
        Assert.True(TestSupport.Explore(mutant, "exclusive-waiters").Clean);
    }

    [Fact]
    public void BugFiresWhenTheCallbackUnlinksWithListDel()
    {
        var mutant = Variant.V3 with { PollfreeUnlinksWithListDel = true };
        var o = TestSupport.Explore(mutant, "close-races-reap", TestSupport.Only(Spec.Bug));
        var v = o.Violation!;
        Assert.Equal("BUG", v.Invariant);
        Assert.Contains("list_del corruption", v.Title, StringComparison.Ordinal);
        Assert.Equal("remove_wait_queue", v.Function);
    }

    [Fact]
    public void LivenessHoldsWhenPollfreeWakesTheSleeper()
    {
        var o = TestSupport.Explore("v1", "wait-across-reap", TestSupport.Only(Spec.Live));
        Assert.True(o.Clean, o.BugReport);
        Assert.Equal(TestSupport.Defaults.Iterations, (uint)o.Schedules);
    }

    [Fact]
    public void EveryReportCarriesAParseableMarker()
    {
        var o = TestSupport.Explore("v1", "reap-then-close");
        Assert.Contains(Violation.Marker, o.BugReport, StringComparison.Ordinal);
        Assert.Equal(o.Violation, Violation.Parse(o.BugReport!), new ViolationComparer());
        Assert.Contains("Freed by task R", o.BugReport, StringComparison.Ordinal);
        Assert.Contains("Accessed by task X", o.BugReport, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportHasTheKasanLayout()
    {
        var lines = TestSupport.Explore("v1", "reap-then-close").Violation!.Render(marker: false).Split('\n');
        Assert.Equal("KASAN: use-after-free Write in remove_wait_queue", lines[1]);
        Assert.Equal("Write (Lock) of sighand_struct.signalfd_wqh.lock by task X at step " + lines[2].Split(' ')[^1], lines[2]);
        var text = string.Join('\n', lines);
        Assert.Contains("INV-B violated: no lock, list or field access on a freed wait queue's memory", text, StringComparison.Ordinal);
        Assert.Contains("at the access: rcu_read_lock depth 0, locks held: epmutex", text, StringComparison.Ordinal);
        Assert.Contains(" which belongs to the cache sighand_cache: ", text, StringComparison.Ordinal);
        var order = new[] { "Accessed by task X", "Allocated by task R", "Freed by task R" }.Select(s => text.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.True(order.All(i => i > 0) && order.SequenceEqual(order.Order()), string.Join(",", order));
        Assert.DoesNotContain(Violation.Marker, text, StringComparison.Ordinal);
    }

    private sealed class ViolationComparer : IEqualityComparer<Violation?>
    {
        public bool Equals(Violation? x, Violation? y) => x?.ToJson() == y?.ToJson();

        public int GetHashCode(Violation? obj) => obj?.ToJson().GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
