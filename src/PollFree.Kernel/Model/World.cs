namespace PollFree.Kernel;

/// <summary>One boot of the modelled kernel: the variant, its caches and globals, its CPUs, and the journal.</summary>
public sealed class World
{
    private readonly List<Cpu> cpus = [];
    private readonly List<KThread> threads = [];
    private readonly Dictionary<string, TaskStruct> tasks = [];
    private readonly Dictionary<string, KThread> forks = [];
    private Cpu? rcuKthread;

    public World(Variant variant, IDriver driver, IKernelObserver observer)
    {
        this.Variant = variant;
        this.Driver = driver;
        this.Observer = observer;
        this.Rcu = new RcuState();

        // The caches as proc_caches_init and eventpoll_init create them (KERNEL.md §1.3, §1.5).
        this.SighandCachep = new KmemCache("sighand_cache", typesafeByRcu: true, (c, n) => new SighandStruct(c, n), Linux.sighand_ctor);
        this.PwqCache = new KmemCache("eppoll_entry", typesafeByRcu: false, (c, n) => new EppollEntry(c, n));
        this.EpiCache = new KmemCache("eventpoll_epi", typesafeByRcu: false, (c, n) => new EpItem(c, n));
        this.EventpollCache = new KmemCache("kmalloc-192", typesafeByRcu: false, (c, n) => new EventPoll(c, n));
        this.FilpCache = new KmemCache("filp", typesafeByRcu: false, (c, n) => new OpenFile(c, n));
        this.TaskCache = new KmemCache("task_struct", typesafeByRcu: false, (c, n) => new TaskStruct(c, n, $"task{n}"));
        this.Globals = new KernelGlobals(new KmemCache("(static)", typesafeByRcu: false, (c, _) => new KernelGlobals(c)));
    }

    public Variant Variant { get; }

    public IDriver Driver { get; }

    public IKernelObserver Observer { get; }

    public Journal Journal { get; } = new();

    public RcuState Rcu { get; }

    public KmemCache SighandCachep { get; }

    public KmemCache PwqCache { get; }

    public KmemCache EpiCache { get; }

    public KmemCache EventpollCache { get; }

    public KmemCache FilpCache { get; }

    public KmemCache TaskCache { get; }

    public KernelGlobals Globals { get; }

    public IReadOnlyList<Cpu> Cpus => this.cpus;

    /// <summary>The kernel threads a driver starts, in creation order (their programs begin at boot).</summary>
    public IReadOnlyList<KThread> Threads => this.threads;

    /// <summary>Tasks by comm, as they come into existence (boot tasks and forked children).</summary>
    public IReadOnlyDictionary<string, TaskStruct> Tasks => this.tasks;

    /// <summary>True if a thread other than <paramref name="cpu"/> is neither blocked nor finished (a thread woken but
    /// not yet resumed counts as runnable).</summary>
    internal bool AnyOtherRunnable(Cpu cpu)
    {
        foreach (var other in this.cpus)
        {
            if (other != cpu && other.Alive && !other.Finished && !other.IsParked)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A thread that runs <paramref name="program"/> from boot, as <paramref name="task"/> (null: a kthread).</summary>
    public Cpu Spawn(string name, TaskStruct? task, Func<Cpu, ValueTask> program)
    {
        var cpu = new Cpu(this, name) { Current = task, Alive = true };
        if (task is not null)
        {
            this.tasks[task.Comm] = task;
        }

        this.cpus.Add(cpu);
        this.threads.Add(new KThread(cpu, program));
        return cpu;
    }

    /// <summary>The program the child a fork will name <paramref name="comm"/> runs. Its thread does not exist
    /// (is not schedulable) until wake_up_new_task.</summary>
    public Cpu SpawnForked(string comm, Func<Cpu, ValueTask> program)
    {
        var cpu = new Cpu(this, comm);
        this.cpus.Add(cpu);
        this.forks[comm] = new KThread(cpu, program);
        return cpu;
    }

    /// <summary>
    /// The grace-period kthread, started by the first call_rcu: until then it would only sleep, and a thread that
    /// only sleeps costs the scheduler steps and decides nothing.
    /// </summary>
    internal void StartRcuKthread()
    {
        if (this.rcuKthread is null)
        {
            this.rcuKthread = new Cpu(this, "rcu") { Alive = true };
            this.cpus.Add(this.rcuKthread);
            this.Driver.Spawn(new KThread(this.rcuKthread, Linux.rcu_gp_kthread));
        }
    }

    /// <summary>wake_up_new_task: bind the child to its thread and let it run.</summary>
    internal void WakeUpNewTask(Cpu parent, TaskStruct p)
    {
        this.tasks[p.Comm] = p;
        parent.Note(Op.Syscall, $"wake_up_new_task({p.Comm})");
        if (this.forks.Remove(p.Comm, out var child))
        {
            child.Cpu.Current = p;
            child.Cpu.Alive = true;
            this.Driver.Spawn(child);
        }
    }

    /// <summary>The seam's access, after its scheduling point: journal it and, when the memory is not a live object
    /// reached through a current pointer, tell the specs.</summary>
    internal void Access(Cpu cpu, KObject obj, int gen, string field, Op op, string? detail)
    {
        var stale = gen != obj.Generation;
        var step = this.Journal.Record(cpu, obj, field, op, detail, stale);
        if (obj.State != Lifetime.Allocated || stale)
        {
            this.Observer.Notify(new MemoryAccess(step, obj.Describe(), field, op, stale, cpu.RcuDepth, this.ProvenanceOf(cpu, step)));
        }
    }

    public Provenance ProvenanceOf(Cpu cpu, Step step) => new(cpu.Name, [.. cpu.CallChain], step.Index);

    internal void ThreadFinished(Cpu cpu) => this.Journal.Record(cpu, null, string.Empty, Op.Syscall, "exit (thread done)");

    /// <summary>A task created at boot (init, or a scenario's first task), with its own sighand.</summary>
    public TaskStruct BootTask(string comm)
    {
        var boot = new Provenance("boot", ["start_kernel"], -1);
        var task = new TaskStruct(this.TaskCache, this.TaskCache.NextSerial(), comm) { AllocatedBy = boot };
        var sighand = (SighandStruct)this.SighandCachep.Create();
        sighand.Count = 1;
        sighand.AllocatedBy = boot;
        task.Sighand = Ptr<SighandStruct>.To(sighand);
        return task;
    }
}

/// <summary>A kernel thread of control and the program it runs.</summary>
public sealed record KThread(Cpu Cpu, Func<Cpu, ValueTask> Program);
