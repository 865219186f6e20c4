namespace PollFree.Kernel;

/// <summary>What the kernel model tells the specs. Events carry facts; the specs decide what is a violation.</summary>
public interface IKernelObserver
{
    void Notify(KernelEvent e);
}

public abstract record KernelEvent(Step Step);

/// <summary>An access to memory that is not a live object reached through a current pointer: freed, page-freed, or
/// reached through a stale pointer to a reused slot. Whether it is legal (RCU on typesafe memory) is the spec's call.</summary>
public sealed record MemoryAccess(Step Step, ObjectInfo Object, string Field, Op Op, bool StalePointer, int RcuDepth, Provenance AccessedBy)
    : KernelEvent(Step);

/// <summary>A wait-queue entry still linked into a head at the moment the head's container was freed.</summary>
public sealed record LinkedWaiter(string Head, string Entry, string EntryOwner);

/// <summary>kmem_cache_free/kfree of an object, with whatever is still linked into the heads it embeds.</summary>
public sealed record ObjectFreed(Step Step, ObjectInfo Object, IReadOnlyList<LinkedWaiter> StillLinked, Provenance FreedBy)
    : KernelEvent(Step);

/// <summary>The POLLFREE wake of a queue about to be freed has returned; what is still linked.</summary>
public sealed record PollfreeWakeDone(Step Step, string Head, ObjectInfo Owner, int NrExclusive, IReadOnlyList<LinkedWaiter> StillLinked, Provenance By)
    : KernelEvent(Step);

/// <summary>An epoll entry linked into a queue whose owner's death must wake the sleeper.</summary>
public sealed record WatchedQueue(string Entry, string QueueOwner);

/// <summary>A task went to sleep in ep_poll; <paramref name="Watched"/> are the entries of its epoll still linked
/// into some queue, with the queue's owner (the sighands whose death must wake it).</summary>
public sealed record EpollSleeps(Step Step, string Task, string Eventpoll, IReadOnlyList<WatchedQueue> Watched)
    : KernelEvent(Step);

/// <summary>__wake_up_common is about to call an entry's wake function with POLLFREE in the key.</summary>
public sealed record PollfreeDelivered(Step Step, string Entry, string QueueOwner)
    : KernelEvent(Step);

/// <summary>A task sleeping in ep_poll was woken (try_to_wake_up from ep->wq).</summary>
public sealed record EpollWoken(Step Step, string Task, string Eventpoll, Provenance By)
    : KernelEvent(Step);

/// <summary>A kernel BUG the model itself detects (CONFIG_DEBUG_LIST list corruption, lockdep recursion).</summary>
public sealed record KernelBug(Step Step, string Title, Provenance At)
    : KernelEvent(Step);

/// <summary>An observer that keeps every event, for drivers without Coyote and for tests.</summary>
public sealed class RecordingObserver : IKernelObserver
{
    public List<KernelEvent> Events { get; } = [];

    public void Notify(KernelEvent e) => this.Events.Add(e);
}
