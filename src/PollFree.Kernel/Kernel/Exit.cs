namespace PollFree.Kernel;

/// <summary>kernel/exit.c: the sighand dies when the task is reaped, not at do_exit (KERNEL.md §2.1 E).</summary>
public static partial class Linux
{
    public static async ValueTask do_exit(Cpu cpu)
    {
        using var f = cpu.Enter();
        await exit_files(cpu);
        await exit_notify(cpu);
    }

    private static async ValueTask exit_files(Cpu cpu)
    {
        using var f = cpu.Enter();
        var files = cpu.Current!.Files;
        foreach (var fd in files.Keys.Order().ToList())
        {
            files.Remove(fd, out var file);
            await filp_close(cpu, file!);
        }
    }

    /// <summary>Become a zombie and tell the parent (do_notify_parent → __wake_up_parent).</summary>
    private static async ValueTask exit_notify(Cpu cpu)
    {
        using var f = cpu.Enter();
        var tasklist = cpu.World.Globals.TasklistLock;
        var tsk = cpu.Current!;
        await write_lock_irq(cpu, tasklist);
        await cpu.Touch(tsk, "exit_state", Op.Write, "EXIT_ZOMBIE");
        tsk.Zombie = true;
        tsk.Parent?.ChildExited.WakeAll();
        await write_unlock_irq(cpu, tasklist);
    }

    /// <summary>wait4(pid): sleep on wait_chldexit until the child is a zombie, then reap it.</summary>
    public static async ValueTask sys_wait4(Cpu cpu, TaskStruct child)
    {
        using var f = cpu.Enter();
        for (;;)
        {
            await cpu.Touch(child, "exit_state", Op.Read);
            if (child.Zombie)
            {
                break;
            }

            await cpu.Block(cpu.Current!.ChildExited);
        }

        await wait_task_zombie(cpu, child);
    }

    private static async ValueTask wait_task_zombie(Cpu cpu, TaskStruct p)
    {
        using var f = cpu.Enter();
        await release_task(cpu, p);
    }

    public static async ValueTask release_task(Cpu cpu, TaskStruct p)
    {
        using var f = cpu.Enter();
        var tasklist = cpu.World.Globals.TasklistLock;
        await write_lock_irq(cpu, tasklist);
        await __exit_signal(cpu, p);
        await write_unlock_irq(cpu, tasklist);
    }

    /// <summary>Under tasklist_lock: detach the sighand under its siglock, then drop the reference (which frees it:
    /// tasklist_lock → signalfd_wqh.lock → ep->lock, d80e731's "nobody takes tasklist_lock under epoll locks").</summary>
    private static async ValueTask __exit_signal(Cpu cpu, TaskStruct tsk)
    {
        using var f = cpu.Enter();
        await cpu.Touch(tsk, "sighand", Op.Read, "rcu_dereference_check(tsk->sighand, tasklist_lock held)");
        var sighand = tsk.Sighand!.Value;
        await spin_lock(cpu, sighand.Target.Siglock, sighand.Gen);
        await cpu.Touch(tsk, "pending", Op.Write, "flush_sigqueue(&tsk->pending)");
        tsk.Pending = 0;
        await cpu.Touch(tsk, "sighand", Op.Write, "tsk->sighand = NULL");
        tsk.Sighand = null;
        await spin_unlock(cpu, sighand.Target.Siglock, sighand.Gen);
        await __cleanup_sighand(cpu, sighand.Target);
    }
}
