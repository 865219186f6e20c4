using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace PollFree.Kernel;

/// <summary>
/// One kernel thread of control: the CPU a task runs on, with what a kernel developer would look at in a crash
/// dump: <c>current</c>, the call chain, the locks held and the RCU read-side depth. Every shared access a kernel
/// function makes goes through <see cref="Touch"/>: a scheduling point, then the KASAN-style lifetime check and a
/// journal entry. Purely local computation is not a scheduling point.
/// </summary>
public sealed class Cpu
{
    private readonly List<string> frames = [];
    private readonly List<string> held = [];
    private Action? continuation;
    private PendingAccess pending;
    private Waitable? blockedOn;
    private bool parked;
    private Exception? fault;

    internal Cpu(World world, string name)
    {
        this.World = world;
        this.Name = name;
    }

    public World World { get; }

    /// <summary>The actor name used in reports: P, X, R, S, Q, rcu.</summary>
    public string Name { get; }

    /// <summary>The kernel's <c>current</c>.</summary>
    public TaskStruct? Current { get; set; }

    public Variant Variant => this.World.Variant;

    public int RcuDepth { get; private set; }

    /// <summary>Counts outermost read sections, so a grace period waits only for sections that began before it.</summary>
    public int RcuSection { get; private set; }

    public IReadOnlyList<string> LocksHeld => this.held;

    public IReadOnlyList<string> CallChain => this.frames;

    public bool Finished { get; private set; }

    /// <summary>Whether the thread exists: boot threads from boot, a forked child from wake_up_new_task, the RCU
    /// kthread from the first call_rcu. Only existing threads make a scheduling point a choice.</summary>
    public bool Alive { get; internal set; }

    public bool IsParked => this.parked;

    /// <summary>Pushes a kernel function on the call chain; the returned frame pops it when disposed.</summary>
    public Frame Enter([CallerMemberName] string function = "")
    {
        this.frames.Add(function);
        return new Frame(this);
    }

    internal void Leave() => this.frames.RemoveAt(this.frames.Count - 1);

    public string Function => this.frames.Count == 0 ? "(user)" : this.frames[^1];

    /// <summary>A shared access to <paramref name="obj"/> reached through a pointer taken at generation <paramref name="gen"/>.</summary>
    public Seam Touch(KObject obj, int gen, string field, Op op, string? detail = null)
    {
        this.pending = new PendingAccess(obj, gen, field, op, detail);
        return new Seam(this, this.Point());
    }

    /// <summary>A shared access through a pointer that cannot be stale (the object was reached directly).</summary>
    public Seam Touch(KObject obj, string field, Op op, string? detail = null) => this.Touch(obj, obj.Generation, field, op, detail);

    /// <summary>
    /// A scheduling point is a choice only if another thread could run instead: when every other thread is blocked or
    /// finished, nothing can interleave here, so the point is skipped (fewer steps, the same set of behaviours).
    /// </summary>
    private bool Point() => !this.World.AnyOtherRunnable(this) || this.World.Driver.SchedulingPoint(this);

    /// <summary>A scheduling point that is not an object access (a slab freelist, a grace-period boundary).</summary>
    public Seam SchedulePoint(string detail)
    {
        this.pending = new PendingAccess(null, 0, string.Empty, Op.Read, detail);
        return new Seam(this, this.Point());
    }

    /// <summary>
    /// A second object touched by the same instruction sequence as the last <see cref="Touch"/> (a list_del writes the
    /// entry and its neighbours): checked and journalled, but not a scheduling point of its own.
    /// </summary>
    public void AlsoTouch(KObject obj, int gen, string field, Op op, string? detail = null) =>
        this.World.Access(this, obj, gen, field, op, detail);

    /// <summary>Blocks until <paramref name="on"/> is woken. Callers loop on their condition around it.</summary>
    public Seam Block(Waitable on)
    {
        this.Note(Op.Sleep, "blocks on " + on.Name);
        this.pending = default;
        this.blockedOn = on;
        return new Seam(this, completed: false);
    }

    /// <summary>A user-space wait on a scenario barrier (a pipe read, say): no kernel memory is touched.</summary>
    public async ValueTask WaitFor(Completion barrier)
    {
        while (!barrier.Done)
        {
            await this.Block(barrier);
        }
    }

    /// <summary>A journal entry that is not a scheduling point (CPU-local state such as the RCU depth).</summary>
    public Step Note(Op op, string detail, KObject? obj = null) => this.World.Journal.Record(this, obj, field: string.Empty, op, detail);

    public void RcuReadLock()
    {
        if (this.RcuDepth++ == 0)
        {
            this.RcuSection++;
        }

        this.Note(Op.RcuEnter, "rcu_read_lock");
    }

    public void RcuReadUnlock()
    {
        this.RcuDepth--;
        this.Note(Op.RcuExit, "rcu_read_unlock");
        if (this.RcuDepth == 0)
        {
            this.World.Rcu.ReaderExited.WakeAll();
        }
    }

    internal void Acquired(string lockName) => this.held.Add(lockName);

    internal void Released(string lockName) => this.held.Remove(lockName);

    internal void Suspend(Action k)
    {
        this.continuation = k;
        if (this.blockedOn is { } on)
        {
            this.parked = true;
            on.Enqueue(this);
            this.World.Driver.Parked(this);
        }
        else
        {
            this.World.Driver.Preempted(this);
        }
    }

    internal void CompletePending()
    {
        if (this.blockedOn is not null)
        {
            this.blockedOn = null;
            return;
        }

        var p = this.pending;
        this.pending = default;
        if (p.Object is not null)
        {
            this.World.Access(this, p.Object, p.Gen, p.Field, p.Op, p.Detail);
        }
    }

    internal void Unpark()
    {
        // Only parked threads are on a waitable's list, and WakeAll empties the list, so a thread is woken once per park.
        if (this.parked)
        {
            this.parked = false;
            this.World.Driver.Unpark(this);
        }
    }

    /// <summary>Starts <paramref name="program"/> on this cpu; it runs until it first suspends or finishes.</summary>
    public void Start(Func<Cpu, ValueTask> program)
    {
        _ = this.RunGuarded(program);
        this.RethrowFault();
    }

    /// <summary>Runs the parked or preempted continuation until the coroutine suspends again or finishes.</summary>
    public void Resume()
    {
        var k = this.continuation ?? throw new InvalidOperationException($"{this.Name} has nothing to resume");
        this.continuation = null;
        k();
        this.RethrowFault();
    }

    private async ValueTask RunGuarded(Func<Cpu, ValueTask> program)
    {
        try
        {
            await program(this);
            this.Finished = true;
            this.World.ThreadFinished(this);
        }
#pragma warning disable CA1031 // the fault is rethrown on the host thread, where the driver (Coyote) expects it
        catch (Exception e)
#pragma warning restore CA1031
        {
            this.fault = e;
        }
    }

    private void RethrowFault()
    {
        if (this.fault is { } e)
        {
            this.fault = null;
            ExceptionDispatchInfo.Capture(e).Throw();
        }
    }

    private readonly record struct PendingAccess(KObject? Object, int Gen, string Field, Op Op, string? Detail);

    public readonly struct Frame : IDisposable
    {
        private readonly Cpu cpu;

        internal Frame(Cpu cpu) => this.cpu = cpu;

        public void Dispose() => this.cpu.Leave();
    }
}
