namespace PollFree.Kernel;

/// <summary>kernel/fork.c (KERNEL.md §1.3, §2.1 E; the seed hunk is in __cleanup_sighand).</summary>
public static partial class Linux
{
    /// <summary>The slab constructor: initialises only siglock and signalfd_wqh, once per slot population.</summary>
    public static void sighand_ctor(KObject data)
    {
        var sighand = (SighandStruct)data;
        sighand.Siglock.Owner = null;
        sighand.SignalfdWqh.Init();
    }

    /// <summary>Share the parent's sighand (requires CLONE_VM; without CLONE_THREAD it is LinuxThreads style).</summary>
    public const ulong CLONE_VM = 0x00000100;

    public const ulong CLONE_SIGHAND = 0x00000800;

    /// <summary>fork(): the child's task runs on the kernel thread the scenario bound to <paramref name="comm"/>.</summary>
    public static async ValueTask<TaskStruct> sys_fork(Cpu cpu, string comm)
    {
        using var f = cpu.Enter();
        return await kernel_clone(cpu, comm, 0);
    }

    /// <summary>clone(flags): only CLONE_SIGHAND (with CLONE_VM) changes anything here.</summary>
    public static async ValueTask<TaskStruct> sys_clone(Cpu cpu, string comm, ulong clone_flags)
    {
        using var f = cpu.Enter();
        return await kernel_clone(cpu, comm, clone_flags);
    }

    private static async ValueTask<TaskStruct> kernel_clone(Cpu cpu, string comm, ulong clone_flags)
    {
        var p = await copy_process(cpu, comm, clone_flags);
        cpu.World.WakeUpNewTask(cpu, p);
        return p;
    }

    public static async ValueTask<TaskStruct> copy_process(Cpu cpu, string comm, ulong clone_flags)
    {
        using var f = cpu.Enter();
        var current = cpu.Current!;
        var p = await dup_task_struct(cpu, comm);
        p.Parent = current;
        await copy_files(cpu, p);
        await copy_sighand(cpu, clone_flags, p);
        return p;
    }

    private static async ValueTask<TaskStruct> dup_task_struct(Cpu cpu, string comm)
    {
        using var f = cpu.Enter();
        await cpu.SchedulePoint("task_struct freelist");
        var cache = cpu.World.TaskCache;
        var tsk = new TaskStruct(cache, cache.NextSerial(), comm);
        var step = cpu.Note(Op.Alloc, $"{cache.Name}: {comm}", tsk);
        tsk.AllocatedBy = cpu.World.ProvenanceOf(cpu, step);
        return tsk;
    }

    /// <summary>dup_fd: the child gets a reference to every open file (so it holds the epoll and the signalfd).</summary>
    private static async ValueTask copy_files(Cpu cpu, TaskStruct tsk)
    {
        using var f = cpu.Enter();
        foreach (var (fd, file) in cpu.Current!.Files)
        {
            await get_file(cpu, file);
            tsk.Files[fd] = file;
        }
    }

    /// <summary>CLONE_SIGHAND: one more reference on the parent's. Otherwise a new sighand from the typesafe cache,
    /// which does not re-initialise signalfd_wqh.</summary>
    public static async ValueTask copy_sighand(Cpu cpu, ulong clone_flags, TaskStruct tsk)
    {
        using var f = cpu.Enter();
        var current = cpu.Current!;
        if ((clone_flags & CLONE_SIGHAND) != 0)
        {
            var shared = current.Sighand!.Value;
            await cpu.Touch(shared.Target, shared.Gen, "count", Op.Write, "refcount_inc");
            shared.Target.Count++;
            tsk.Sighand = shared;
            return;
        }

        var sig = await kmem_cache_alloc<SighandStruct>(cpu, cpu.World.SighandCachep);
        tsk.Sighand = Ptr<SighandStruct>.To(sig); // rcu_assign_pointer; tsk is not visible yet
        await cpu.Touch(sig, "count", Op.Write, "refcount_set(1)");
        sig.Count = 1;
        var own = current.Sighand!.Value;
        await spin_lock_irq(cpu, own.Target.Siglock, own.Gen);
        await cpu.Touch(sig, "action", Op.Write, "memcpy(sig->action, current->sighand->action)");
        await spin_unlock_irq(cpu, own.Target.Siglock, own.Gen);
    }

    public static async ValueTask __cleanup_sighand(Cpu cpu, SighandStruct sighand)
    {
        using var f = cpu.Enter();
        await cpu.Touch(sighand, "count", Op.Write, "refcount_dec_and_test");
        if (--sighand.Count == 0)
        {
            // d80e731: flush ->signalfd_wqh before kfree(). Before it, whatever is linked stays linked (INV-A).
            if (cpu.Variant.Cleanup != CleanupWake.None)
            {
                await signalfd_cleanup(cpu, sighand);
            }

            // sighand_cachep is SLAB_TYPESAFE_BY_RCU so we can free it without an RCU grace period, see __lock_task_sighand().
            await kmem_cache_free(cpu, cpu.World.SighandCachep, sighand);
        }
    }
}
