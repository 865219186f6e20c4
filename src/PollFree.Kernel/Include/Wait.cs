namespace PollFree.Kernel;

/// <summary>The state of a list_head embedded in an entry (include/linux/list.h).</summary>
public enum ListState
{
    /// <summary>Never linked (freshly initialised).</summary>
    Unlinked,

    /// <summary>Linked into a head's list.</summary>
    Linked,

    /// <summary>After list_del_init: points to itself, so a later list_del is harmless.</summary>
    SelfLinked,

    /// <summary>After list_del: LIST_POISON1/2, so a second list_del faults (CONFIG_DEBUG_LIST reports it).</summary>
    Poisoned,
}

/// <summary><c>wait_queue_head_t</c>: a lock and a list, embedded in <see cref="Container"/>.</summary>
public sealed class WaitQueueHead
{
    private readonly List<WaitQueueEntry> entries = [];

    public WaitQueueHead(KObject container, string field)
    {
        this.Container = container;
        this.Field = field;
        this.Lock = new SpinLock(container, field + ".lock");
    }

    public KObject Container { get; }

    public string Field { get; }

    public SpinLock Lock { get; }

    /// <summary>The entries linked, in list order (head->next first).</summary>
    public IReadOnlyList<WaitQueueEntry> Entries => this.entries;

    public string Name => $"{this.Container.Name}->{this.Field}";

    internal void LinkFront(WaitQueueEntry e) => this.entries.Insert(0, e);

    internal void LinkTail(WaitQueueEntry e) => this.entries.Add(e);

    internal void Unlink(WaitQueueEntry e) => this.entries.Remove(e);

    /// <summary>What the slab constructor does (sighand_ctor → init_waitqueue_head): an empty list.</summary>
    internal void Init() => this.entries.Clear();

    public override string ToString() => this.Name;
}

/// <summary>A wake function: <c>int (*func)(wait_queue_entry_t *, unsigned mode, int flags, void *key)</c>.</summary>
public delegate ValueTask<int> WaitQueueFunc(Cpu cpu, WaitQueueEntry wait, int mode, int sync, uint key);

/// <summary><c>wait_queue_entry_t</c>, embedded in <see cref="Container"/> (an eppoll_entry, or a task's stack).</summary>
public sealed class WaitQueueEntry
{
    public WaitQueueEntry(KObject container, string field, WaitQueueFunc func, TaskStruct? priv = null)
    {
        this.Container = container;
        this.Field = field;
        this.Func = func;
        this.Private = priv;
    }

    public KObject Container { get; }

    public string Field { get; }

    public bool Exclusive { get; internal set; }

    public WaitQueueFunc Func { get; }

    /// <summary>The task a default_wake_function entry wakes.</summary>
    public TaskStruct? Private { get; }

    public ListState State { get; internal set; } = ListState.Unlinked;

    /// <summary>The head whose list this entry is on while <see cref="State"/> is Linked.</summary>
    public WaitQueueHead? Head { get; internal set; }

    public string Name => $"{this.Container.Name}.{this.Field}";

    public override string ToString() => this.Name;
}
