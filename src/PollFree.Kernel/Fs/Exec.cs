namespace PollFree.Kernel;

/// <summary>fs/exec.c: exec gives a task that shares its sighand (CLONE_SIGHAND without CLONE_THREAD) a private one,
/// and drops one reference on the old one with no locks held (KERNEL.md §2.1 E caller 2, §2.2 S4).</summary>
public static partial class Linux
{
    public static async ValueTask sys_execve(Cpu cpu)
    {
        using var f = cpu.Enter();
        await de_thread(cpu, cpu.Current!);
    }

    /// <summary>
    /// Only the sighand part (later kernels split it out as unshare_sighand): the new sighand is switched in under
    /// tasklist_lock and the old siglock, then the old one is released after both are dropped. The epoll fd survives
    /// exec (no CLOEXEC), so its entry stays on the old sighand, which dies with the last sibling.
    /// </summary>
    private static async ValueTask de_thread(Cpu cpu, TaskStruct tsk)
    {
        using var f = cpu.Enter();
        var oldsighand = tsk.Sighand!.Value;
        await cpu.Touch(oldsighand.Target, oldsighand.Gen, "count", Op.Read, "refcount_read");
        if (oldsighand.Target.Count == 1)
        {
            return;
        }

        var newsighand = await kmem_cache_alloc<SighandStruct>(cpu, cpu.World.SighandCachep);
        await cpu.Touch(newsighand, "count", Op.Write, "refcount_set(1)");
        newsighand.Count = 1;
        await cpu.Touch(oldsighand.Target, oldsighand.Gen, "action", Op.Read, "memcpy(newsighand->action, oldsighand->action)");

        var tasklist = cpu.World.Globals.TasklistLock;
        await write_lock_irq(cpu, tasklist);
        await spin_lock(cpu, oldsighand.Target.Siglock, oldsighand.Gen);
        await cpu.Touch(tsk, "sighand", Op.Write, "rcu_assign_pointer(tsk->sighand, newsighand)");
        tsk.Sighand = Ptr<SighandStruct>.To(newsighand);
        await spin_unlock(cpu, oldsighand.Target.Siglock, oldsighand.Gen);
        await write_unlock_irq(cpu, tasklist);

        await __cleanup_sighand(cpu, oldsighand.Target);
    }
}
