namespace PollFree.Kernel;

/// <summary>How <c>signalfd_cleanup</c> flushes <c>signalfd_wqh</c> before <c>__cleanup_sighand</c> frees it.</summary>
public enum CleanupWake
{
    /// <summary>Nothing: the sighand is freed with whatever is linked into it (before d80e731).</summary>
    None,

    /// <summary>Lockless waitqueue_active, then wake_up_poll(POLLHUP|POLLFREE), nr_exclusive = 1 (d80e731).</summary>
    WakeUpPoll,

    /// <summary>wake_up_pollfree: wake everyone, nr_exclusive = 0, WARN if the queue is not empty (9537bae).</summary>
    WakeUpPollfree,
}

/// <summary>What <c>ep_poll_callback</c> does with POLLFREE.</summary>
public enum PollfreeHandling
{
    /// <summary>No POLLFREE exists yet.</summary>
    None,

    /// <summary>list_del_init at the very top, whead left set (d80e731).</summary>
    UnlinkFirst,

    /// <summary>whead = NULL (plain store), then list_del_init, then the ep->lock work (971316f).</summary>
    NullThenUnlink,

    /// <summary>All the work, then list_del_init, then smp_store_release(whead, NULL) last (138e4ad).</summary>
    UnlinkThenReleaseNull,
}

/// <summary>How <c>ep_unregister_pollwait</c> takes a pwq off its queue.</summary>
public enum WaitQueueRemoval
{
    /// <summary>remove_wait_queue(pwq->whead) unconditionally, no RCU (before 971316f).</summary>
    Unconditional,

    /// <summary>ep_remove_wait_queue: rcu_read_lock, load whead, lock it only if non-NULL (971316f; acquire in 138e4ad).</summary>
    RcuGuarded,

    /// <summary>A mutation, not a kernel version: ep_remove_wait_queue with its NULL check but without rcu_read_lock.</summary>
    NullCheckedWithoutRcu,
}

/// <summary>
/// One kernel version of the protocol (KERNEL.md §10): a few behaviours selected at the exact lines where the versions
/// differ. Each variant is the previous one plus the delta its commit made.
/// </summary>
public sealed record Variant(
    string Id,
    string Commit,
    string Span,
    string Title,
    CleanupWake Cleanup,
    PollfreeHandling Pollfree,
    WaitQueueRemoval Removal)
{
    /// <summary>
    /// A mutation, not a kernel version: the wake function returns nonzero for POLLFREE on an EPOLLEXCLUSIVE item,
    /// as a poller that does not special-case POLLFREE would. It shows why nr_exclusive = 1 was fragile (KERNEL.md
    /// §5.3): wake_up_poll stops after the first exclusive waiter, wake_up_pollfree does not.
    /// </summary>
    public bool ExclusivePollfreeWakes { get; init; }

    /// <summary>
    /// A mutation, not a kernel version: ep_poll_callback unlinks with list_del instead of list_del_init, which the
    /// 2012 and 2017 comments forbid ("so we can't use __remove_wait_queue()"): a racing remover list_dels again.
    /// </summary>
    public bool PollfreeUnlinksWithListDel { get; init; }

    /// <summary>True for anything that is not one of the kernel versions below (a mutant built by a test).</summary>
    public bool IsMutant => !All.Contains(this);

    public static readonly Variant V0 = new(
        "v0",
        "d80e731^",
        "v2.6.23 - v3.2.x; 3.0.y < 3.0.23",
        "before POLLFREE: __cleanup_sighand frees signalfd_wqh with epoll entries still linked",
        CleanupWake.None,
        PollfreeHandling.None,
        WaitQueueRemoval.Unconditional);

    public static readonly Variant V1 = V0 with
    {
        Id = "v1",
        Commit = "d80e731",
        Span = "between the two Feb 2012 commits (not a release [I])",
        Title = "epoll: introduce POLLFREE to flush ->signalfd_wqh before kfree()",
        Cleanup = CleanupWake.WakeUpPoll,
        Pollfree = PollfreeHandling.UnlinkFirst,
    };

    public static readonly Variant V2 = V1 with
    {
        Id = "v2",
        Commit = "971316f",
        Span = "v3.3 - v4.13",
        Title = "epoll: ep_unregister_pollwait() can use the freed pwq->whead",
        Pollfree = PollfreeHandling.NullThenUnlink,
        Removal = WaitQueueRemoval.RcuGuarded,
    };

    public static readonly Variant V3 = V2 with
    {
        Id = "v3",
        Commit = "138e4ad",
        Span = "v4.14/4.15 - v5.15",
        Title = "epoll: fix race between ep_poll_callback(POLLFREE) and ep_free()/ep_remove() (title [I])",
        Pollfree = PollfreeHandling.UnlinkThenReleaseNull,
    };

    public static readonly Variant V4 = V3 with
    {
        Id = "v4",
        Commit = "9537bae",
        Span = "v5.16+",
        Title = "signalfd: use wake_up_pollfree()",
        Cleanup = CleanupWake.WakeUpPollfree,
    };

    public static IReadOnlyList<Variant> All { get; } = [V0, V1, V2, V3, V4];

    /// <summary>By id ("v2") or by commit prefix ("971316f", "971316f0503a").</summary>
    public static Variant? Find(string key)
    {
        key = key.Trim();
        return All.FirstOrDefault(v => string.Equals(v.Id, key, StringComparison.OrdinalIgnoreCase))
            ?? (key.Length >= 4
                ? All.FirstOrDefault(v => v.Commit.Length >= 7 && !v.Commit.EndsWith('^') &&
                    (key.StartsWith(v.Commit, StringComparison.OrdinalIgnoreCase) || v.Commit.StartsWith(key, StringComparison.OrdinalIgnoreCase)))
                : null);
    }

    public override string ToString() => $"{this.Id} ({this.Commit})";
}
