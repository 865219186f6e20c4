namespace PollFree.Kernel;

/// <summary>fs/signalfd.c and include/linux/signalfd.h (KERNEL.md §1.4).</summary>
public static partial class Linux
{
    /// <summary>signalfd4(-1, mask): the file holds only the sigmask, no reference to any task or sighand.</summary>
    public static async ValueTask<int> sys_signalfd(Cpu cpu, ulong sigmask)
    {
        using var f = cpu.Enter();
        var file = await anon_inode_getfile(cpu, FileKind.Signalfd);
        file.SigMask = sigmask;
        return fd_install(cpu, file);
    }

    /// <summary>Always <c>current</c>'s sighand, whoever happens to be calling: the root of the bug family.</summary>
    public static async ValueTask<uint> signalfd_poll(Cpu cpu, OpenFile file, PollTable? wait)
    {
        using var f = cpu.Enter();
        var current = cpu.Current!;
        var sighand = current.Sighand!.Value;
        uint events = 0;

        await poll_wait(cpu, file, HeadPtr.To(sighand.Target.SignalfdWqh), wait);

        await spin_lock_irq(cpu, sighand.Target.Siglock, sighand.Gen);
        if ((current.Pending & file.SigMask) != 0)
        {
            events |= POLLIN;
        }

        await spin_unlock_irq(cpu, sighand.Target.Siglock, sighand.Gen);
        return events;
    }

    /// <summary>Called from __send_signal with <c>tsk->sighand->siglock</c> held ([I] KERNEL.md §1.4).</summary>
    public static async ValueTask signalfd_notify(Cpu cpu, TaskStruct tsk, int sig)
    {
        using var f = cpu.Enter();
        await cpu.Touch(tsk, "sighand", Op.Read);
        var sighand = tsk.Sighand!.Value;
        var wqh = new HeadPtr(sighand.Target.SignalfdWqh, sighand.Gen);
        if (await waitqueue_active(cpu, wqh))
        {
            await wake_up(cpu, wqh);
        }
    }

    /// <summary>d80e731 added it; 9537bae reduced it to wake_up_pollfree().</summary>
    public static async ValueTask signalfd_cleanup(Cpu cpu, SighandStruct sighand)
    {
        using var f = cpu.Enter();
        var wqh = HeadPtr.To(sighand.SignalfdWqh);

        // 9537bae: the lockless check and its comment moved into the generic helper, which wakes everyone.
        if (cpu.Variant.Cleanup == CleanupWake.WakeUpPollfree)
        {
            await wake_up_pollfree(cpu, wqh);
            return;
        }

        // d80e731: The lockless check can race with remove_wait_queue() in progress, but in this case its caller
        // should run under rcu_read_lock() and sighand_cachep is SLAB_TYPESAFE_BY_RCU, we can safely return.
        if (!await waitqueue_active(cpu, wqh))
        {
            return;
        }

        // wake_up_poll has nr_exclusive = 1: fine only while every exclusive waiter returns 0 for POLLFREE.
        await wake_up_poll(cpu, wqh, POLLHUP | POLLFREE);
        PollfreeWakeDone(cpu, wqh, nr_exclusive: 1);
    }
}
