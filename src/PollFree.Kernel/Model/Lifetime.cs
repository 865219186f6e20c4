namespace PollFree.Kernel;

/// <summary>Where a modelled object's memory is in its life (KASAN's view of it).</summary>
public enum Lifetime
{
    /// <summary>Handed out by kmem_cache_alloc and not freed since.</summary>
    Allocated,

    /// <summary>Freed. In a SLAB_TYPESAFE_BY_RCU cache it is still an object of its type (ctor state intact) and
    /// may be handed out again; in a plain cache it is invalid memory at once.</summary>
    Freed,

    /// <summary>A typesafe object whose slab page went back to the page allocator after a grace period: foreign memory.</summary>
    PageFreed,
}

/// <summary>Which side of the protocol an object belongs to: the queue's owner or the poller (epoll).</summary>
public enum Side
{
    /// <summary>An object that embeds a wait-queue head a poller links into (sighand_struct).</summary>
    QueueOwner,

    /// <summary>The poller's objects: eppoll_entry, epitem, eventpoll.</summary>
    Poller,

    /// <summary>Everything else (tasks, files, globals).</summary>
    Other,
}

/// <summary>The kind of a journalled step; what the swimlane and the difftrace show.</summary>
public enum Op
{
    Read,
    Write,
    Lock,
    Unlock,
    ListAdd,
    ListDel,
    Alloc,
    Free,
    PageFree,
    RcuEnter,
    RcuExit,
    Wake,
    Sleep,
    GracePeriod,
    Syscall,
}

/// <summary>Who did something to an object: the actor, its kernel call chain, and the journal step.</summary>
public sealed record Provenance(string Actor, IReadOnlyList<string> Chain, int Step)
{
    public override string ToString() => $"{this.Actor}: {string.Join(" <- ", this.Chain.Reverse())} (step {this.Step})";
}

/// <summary>A pointer as the kernel holds it: the target and the allocation generation it was taken at, so a
/// stale pointer to a freed-and-reused typesafe slot is told apart from a fresh one.</summary>
public readonly record struct Ptr<T>(T Target, int Gen)
    where T : KObject
{
    public static Ptr<T> To(T target) => new(target, target.Generation);
}
