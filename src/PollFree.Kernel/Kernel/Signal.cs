namespace PollFree.Kernel;

/// <summary>kernel/signal.c: kill() reaches the target's sighand only through __lock_task_sighand's RCU loop.</summary>
public static partial class Linux
{
    public static async ValueTask<int> sys_kill(Cpu cpu, TaskStruct p, int sig)
    {
        using var f = cpu.Enter();
        return await do_send_sig_info(cpu, sig, p);
    }

    private static async ValueTask<int> do_send_sig_info(Cpu cpu, int sig, TaskStruct p)
    {
        using var f = cpu.Enter();
        var sighand = await __lock_task_sighand(cpu, p);
        if (sighand is not { } sh)
        {
            return -3; // ESRCH: already released
        }

        await __send_signal(cpu, sig, p);
        await spin_unlock_irqrestore(cpu, sh.Target.Siglock, sh.Gen);
        return 0;
    }

    /// <summary>
    /// The loop that SLAB_TYPESAFE_BY_RCU exists for (aa1757f90bea): the sighand read under RCU may be freed and even
    /// reused before its siglock is taken; the lock is still a valid lock, and the re-check catches the change.
    /// </summary>
    public static async ValueTask<Ptr<SighandStruct>?> __lock_task_sighand(Cpu cpu, TaskStruct tsk)
    {
        using var f = cpu.Enter();
        for (;;)
        {
            rcu_read_lock(cpu);
            await cpu.Touch(tsk, "sighand", Op.Read, "rcu_dereference(tsk->sighand)");
            if (tsk.Sighand is not { } sighand)
            {
                rcu_read_unlock(cpu);
                return null;
            }

            await spin_lock_irqsave(cpu, sighand.Target.Siglock, sighand.Gen);
            await cpu.Touch(tsk, "sighand", Op.Read, "recheck");
            if (tsk.Sighand == sighand)
            {
                rcu_read_unlock(cpu);
                return sighand;
            }

            await spin_unlock_irqrestore(cpu, sighand.Target.Siglock, sighand.Gen);
            rcu_read_unlock(cpu);
        }
    }

    /// <summary>Queue the signal, then signalfd_notify under siglock (complete_signal's wakeup is not modelled).</summary>
    private static async ValueTask __send_signal(Cpu cpu, int sig, TaskStruct t)
    {
        using var f = cpu.Enter();
        await cpu.Touch(t, "pending", Op.Write, $"sigaddset({sig})");
        t.Pending |= 1UL << (sig - 1);
        await signalfd_notify(cpu, t, sig);
    }

    /// <summary>signalfd users block the signals they read (sigprocmask), so nothing queued here is ever delivered:
    /// it stays pending for signalfd_poll to see.</summary>
    public static bool signal_pending(TaskStruct t) => false;
}
