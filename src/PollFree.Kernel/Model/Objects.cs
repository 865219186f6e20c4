namespace PollFree.Kernel;

/// <summary><c>struct sighand_struct</c> (include/linux/sched/signal.h). Lives in sighand_cachep, SLAB_TYPESAFE_BY_RCU.</summary>
public sealed class SighandStruct : KObject
{
    internal SighandStruct(KmemCache cache, int serial)
        : base(cache, serial)
    {
        this.Siglock = new SpinLock(this, "siglock");
        this.SignalfdWqh = new WaitQueueHead(this, "signalfd_wqh");
    }

    public override string KernelType => "sighand_struct";

    public override Side Side => Side.QueueOwner;

    /// <summary><c>count</c>: atomic_t, later refcount_t.</summary>
    public int Count { get; internal set; }

    public SpinLock Siglock { get; }

    public WaitQueueHead SignalfdWqh { get; }

    public override IEnumerable<WaitQueueHead> EmbeddedHeads => [this.SignalfdWqh];
}

/// <summary><c>struct task_struct</c>, reduced to what the protocol reads. Tasks are never freed in the model: the
/// real task_struct outlives every access here (put_task_struct is RCU-delayed).</summary>
public sealed class TaskStruct : KObject
{
    internal TaskStruct(KmemCache cache, int serial, string comm)
        : base(cache, serial)
    {
        this.Comm = comm;
        this.Wakeup = new Waitable($"{comm}: schedule()");
        this.ChildExited = new Waitable($"{comm}: wait_chldexit");
    }

    public override string KernelType => "task_struct";

    public override Side Side => Side.Other;

    /// <summary>The command name, which is also the actor's name (P, X, R, Q, S).</summary>
    public string Comm { get; }

    /// <summary><c>tsk->sighand</c>, RCU-published; NULL once __exit_signal ran.</summary>
    public Ptr<SighandStruct>? Sighand { get; internal set; }

    /// <summary>Pending signals (<c>tsk->pending</c>), as a bit mask.</summary>
    public ulong Pending { get; internal set; }

    /// <summary>The fd table (<c>files_struct</c>, never shared here: no CLONE_FILES scenario).</summary>
    public Dictionary<int, OpenFile> Files { get; } = [];

    public TaskStruct? Parent { get; internal set; }

    public bool Zombie { get; internal set; }

    /// <summary>TASK_RUNNING (false) or TASK_INTERRUPTIBLE (true).</summary>
    public bool Sleeping { get; internal set; }

    /// <summary>What schedule() blocks on; try_to_wake_up wakes it.</summary>
    public Waitable Wakeup { get; }

    /// <summary><c>signal->wait_chldexit</c>: the parent sleeps here in wait4.</summary>
    public Waitable ChildExited { get; }

    public override string ToString() => this.Comm;
}

/// <summary>What a file is: the two kinds the protocol needs.</summary>
public enum FileKind
{
    Signalfd,
    Eventpoll,
}

/// <summary><c>struct file</c>. Never freed in the model (the real one is RCU-freed after __fput).</summary>
public sealed class OpenFile : KObject
{
    internal OpenFile(KmemCache cache, int serial)
        : base(cache, serial)
    {
    }

    public override string KernelType => "file";

    public override Side Side => Side.Other;

    public FileKind Kind { get; internal set; }

    /// <summary><c>f_count</c>.</summary>
    public int FCount { get; internal set; }

    /// <summary><c>private_data</c> of a signalfd: its sigmask is all signalfd_ctx holds.</summary>
    public ulong SigMask { get; internal set; }

    /// <summary><c>private_data</c> of an epoll file.</summary>
    public EventPoll? Ep { get; internal set; }
}

/// <summary><c>struct eventpoll</c> (fs/eventpoll.c), kzalloc'd: invalid the moment it is kfree'd.</summary>
public sealed class EventPoll : KObject
{
    internal EventPoll(KmemCache cache, int serial)
        : base(cache, serial)
    {
        this.Lock = new SpinLock(this, "lock");
        this.Mtx = new SpinLock(this, "mtx", sleeping: true);
        this.Wq = new WaitQueueHead(this, "wq");
        this.PollWait = new WaitQueueHead(this, "poll_wait");
    }

    public override string KernelType => "eventpoll";

    public override Side Side => Side.Poller;

    public SpinLock Lock { get; }

    public SpinLock Mtx { get; }

    /// <summary>Sleepers in epoll_wait.</summary>
    public WaitQueueHead Wq { get; }

    /// <summary>Waiters polling the epoll fd itself (nested epoll; empty here).</summary>
    public WaitQueueHead PollWait { get; }

    public List<EpItem> Rdllist { get; } = [];

    /// <summary>The rbtree of items, keyed by fd.</summary>
    public SortedDictionary<int, EpItem> Rbr { get; } = [];

    public override IEnumerable<WaitQueueHead> EmbeddedHeads => [this.Wq, this.PollWait];
}

/// <summary><c>struct epitem</c>, from epi_cache (plain).</summary>
public sealed class EpItem : KObject
{
    internal EpItem(KmemCache cache, int serial)
        : base(cache, serial)
    {
    }

    public override string KernelType => "epitem";

    public override Side Side => Side.Poller;

    public EventPoll Ep { get; internal set; } = null!;

    public OpenFile File { get; internal set; } = null!;

    public int Fd { get; internal set; }

    /// <summary><c>event.events</c>; EPOLLERR|EPOLLHUP are always forced in.</summary>
    public uint Events { get; internal set; }

    public int Nwait { get; internal set; }

    public List<EppollEntry> Pwqlist { get; } = [];

    public bool RdllinkLinked { get; internal set; }
}

/// <summary><c>struct eppoll_entry</c> ("pwq"), from pwq_cache (plain). Its <c>wait</c> is what links into the
/// target's queue; <c>whead</c> is the queue it linked into (the caller's sighand, for a signalfd).</summary>
public sealed class EppollEntry : KObject
{
    internal EppollEntry(KmemCache cache, int serial)
        : base(cache, serial)
    {
    }

    public override string KernelType => "eppoll_entry";

    public override Side Side => Side.Poller;

    public EpItem Base { get; internal set; } = null!;

    public WaitQueueEntry Wait { get; internal set; } = null!;

    /// <summary><c>whead</c>, with the generation of its container when it was taken; null after POLLFREE (v2+).</summary>
    public HeadPtr? Whead { get; internal set; }
}

/// <summary>A pointer to an embedded wait-queue head, with its container's generation when taken.</summary>
public readonly record struct HeadPtr(WaitQueueHead Head, int Gen)
{
    public static HeadPtr To(WaitQueueHead head) => new(head, head.Container.Generation);
}
