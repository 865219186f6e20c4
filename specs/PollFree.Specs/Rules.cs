using PollFree.Kernel;

namespace PollFree.Specs;

/// <summary>
/// The invariants of KERNEL.md §8 as pure functions of kernel events, so Coyote monitors and any other driver judge
/// alike. Each returns the violation, or null.
/// </summary>
public static class Rules
{
    /// <summary>
    /// KASAN's rule with SLAB_TYPESAFE_BY_RCU: a live object through a current pointer is fine; freed (or reused)
    /// typesafe memory is still an object of its type, legal to touch only inside an RCU read section, until its page
    /// is freed; anything else is a use-after-free.
    /// </summary>
    public static bool IsLegal(MemoryAccess a) =>
        (a.Object.State == Lifetime.Allocated && !a.StalePointer) ||
        (a.Object.TypesafeByRcu && a.Object.State != Lifetime.PageFreed && a.RcuDepth > 0);

    /// <summary>INV-A: when the object embedding a wait-queue head is freed, the head's list is empty.</summary>
    public static Violation? NoWaiterOutlivesQueue(KernelEvent e)
    {
        if (e is not ObjectFreed { StillLinked.Count: > 0 } f)
        {
            return null;
        }

        var w = f.StillLinked[0];
        return new Violation(
            "INV-A",
            $"BUG: {f.Object.Type} freed with {f.StillLinked.Count} waiter(s) still linked in {w.Head}",
            Caller(f.FreedBy.Chain),
            f.FreedBy.Chain,
            f.Object.Name,
            f.Object.Type,
            f.Object.Cache,
            w.Head[(w.Head.IndexOf("->", StringComparison.Ordinal) + 2)..],
            "Free",
            "freed now",
            f.Step.Index,
            f.Step.RcuDepth,
            f.Step.Locks,
            f.Object.AllocatedBy,
            f.FreedBy,
            null,
            $"no waiter outlives its queue: {string.Join(", ", f.StillLinked.Select(l => $"{l.Entry} (of {l.EntryOwner})"))} still linked when the queue's memory was freed");
    }

    /// <summary>INV-B: no lock, list or field access on the freed queue owner's memory (outside RCU on typesafe memory).</summary>
    public static Violation? NoQueueUseAfterFree(KernelEvent e) => UseAfterFree(e, Side.QueueOwner, "INV-B",
        "no lock, list or field access on a freed wait queue's memory (RCU read section on typesafe memory excepted)");

    /// <summary>INV-C: the poller's pwq, epitem and eventpoll are not touched after they were freed.</summary>
    public static Violation? NoPollerUseAfterFree(KernelEvent e) => UseAfterFree(e, Side.Poller, "INV-C",
        "eppoll_entry, epitem and eventpoll are never freed while a waker still uses them");

    /// <summary>INV-D: the POLLFREE wake leaves the queue empty.</summary>
    public static Violation? PollfreeReachesEveryWaiter(KernelEvent e)
    {
        if (e is not PollfreeWakeDone { StillLinked.Count: > 0 } d)
        {
            return null;
        }

        return new Violation(
            "INV-D",
            $"WARNING: POLLFREE wake of {d.Head} (nr_exclusive={d.NrExclusive}) left {d.StillLinked.Count} waiter(s) linked",
            Caller(d.By.Chain),
            d.By.Chain,
            d.Owner.Name,
            d.Owner.Type,
            d.Owner.Cache,
            d.Head[(d.Head.IndexOf("->", StringComparison.Ordinal) + 2)..],
            "Wake",
            d.Owner.State.ToString(),
            d.Step.Index,
            d.Step.RcuDepth,
            d.Step.Locks,
            d.Owner.AllocatedBy,
            null,
            d.By,
            $"POLLFREE reaches every waiter: {string.Join(", ", d.StillLinked.Select(l => l.Entry))} not reached; the queue is freed next");
    }

    /// <summary>A kernel BUG the model detected itself (CONFIG_DEBUG_LIST, lockdep).</summary>
    public static Violation? NoKernelBug(KernelEvent e) => e is KernelBug b
        ? new Violation("BUG", "kernel BUG: " + b.Title, b.At.Chain.Count > 0 ? b.At.Chain[^1] : "(user)", b.At.Chain, string.Empty, string.Empty,
            string.Empty, string.Empty, string.Empty, string.Empty, b.Step.Index, b.Step.RcuDepth, b.Step.Locks, null, null, b.At, b.Title)
        : null;

    private static Violation? UseAfterFree(KernelEvent e, Side side, string invariant, string rule)
    {
        if (e is not MemoryAccess a || a.Object.Side != side || IsLegal(a))
        {
            return null;
        }

        var kind = a.Op == Op.Read ? "Read" : "Write";
        var lifetime = a.Object.State switch
        {
            Lifetime.PageFreed => "freed, and its slab page went back to the page allocator after an RCU grace period",
            Lifetime.Freed when a.Object.TypesafeByRcu => "freed (still type-stable: SLAB_TYPESAFE_BY_RCU) and accessed outside rcu_read_lock",
            Lifetime.Freed => "freed",
            _ => "freed and reallocated to another task: the pointer is stale",
        };
        return new Violation(
            invariant,
            $"KASAN: use-after-free {kind} in {a.Step.Function}",
            a.Step.Function,
            a.AccessedBy.Chain,
            a.Object.Name,
            a.Object.Type,
            a.Object.Cache,
            a.Field,
            $"{kind} ({a.Op})",
            lifetime,
            a.Step.Index,
            a.RcuDepth,
            a.Step.Locks,
            a.Object.AllocatedBy,
            a.Object.FreedBy,
            a.AccessedBy,
            rule);
    }

    private static string Caller(IReadOnlyList<string> chain) =>
        chain.LastOrDefault(f => f is not ("kmem_cache_free" or "kfree" or "__wake_up_pollfree" or "wake_up_pollfree")) ?? "(user)";
}
