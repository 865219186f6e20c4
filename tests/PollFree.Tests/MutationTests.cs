using PollFree.Kernel;

namespace PollFree.Tests;

/// <summary>Deleting a fix from a fixed variant makes the verdict fail with the invariant that fix protects.</summary>
public class MutationTests
{
    [Fact]
    public void V3WithoutPollfreeHandlingInTheCallbackLeavesWaitersLinked()
    {
        var v = TestSupport.Explore(Variant.V3 with { Pollfree = PollfreeHandling.None }, "reap-then-close").Violation!;
        Assert.Equal("INV-D", v.Invariant); // the POLLFREE wake returns with the entry still linked; INV-A would be next
    }

    [Fact]
    public void V3WithoutSignalfdCleanupFreesTheQueueWithTheEntryLinked()
    {
        var v = TestSupport.Explore(Variant.V3 with { Cleanup = CleanupWake.None }, "reap-then-close").Violation!;
        Assert.Equal("INV-A", v.Invariant);
        Assert.Equal("__cleanup_sighand", v.Function);
    }

    [Fact]
    public void V3WithoutTheRcuGuardInEpRemoveWaitQueueLocksTheFreedQueue()
    {
        var v = TestSupport.Explore(Variant.V3 with { Removal = WaitQueueRemoval.NullCheckedWithoutRcu }, "close-races-reap").Violation!;
        Assert.Equal("INV-B", v.Invariant);
        Assert.Equal("remove_wait_queue", v.Function);
        Assert.Contains("ep_remove_wait_queue", v.Chain);
        Assert.Equal(0, v.RcuDepth);
    }

    [Fact]
    public void V3WithTheOldUncheckedRemoverDereferencesTheNulledWhead()
    {
        var v = TestSupport.Explore(Variant.V3 with { Removal = WaitQueueRemoval.Unconditional }, "reap-then-close").Violation!;
        Assert.Equal("BUG", v.Invariant);
        Assert.Contains("NULL pointer dereference", v.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void V3WithTheNullStoreMovedFirstIsV2AndRacesTheRemover()
    {
        var v = TestSupport.Explore(Variant.V3 with { Pollfree = PollfreeHandling.NullThenUnlink }, "close-races-reap").Violation!;
        Assert.Equal("INV-C", v.Invariant);
    }
}
