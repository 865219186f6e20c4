namespace PollFree.Kernel;

/// <summary>kernel/sched/wait.c and include/linux/wait.h (KERNEL.md §1.1).</summary>
public static partial class Linux
{
    public const int TASK_NORMAL = 3;

    public static async ValueTask add_wait_queue(Cpu cpu, HeadPtr wq_head, WaitQueueEntry wq_entry)
    {
        using var f = cpu.Enter();
        wq_entry.Exclusive = false;
        await spin_lock_irqsave(cpu, wq_head.Head.Lock, wq_head.Gen);
        await list_add(cpu, wq_entry, wq_head, tail: false);
        await spin_unlock_irqrestore(cpu, wq_head.Head.Lock, wq_head.Gen);
    }

    public static async ValueTask add_wait_queue_exclusive(Cpu cpu, HeadPtr wq_head, WaitQueueEntry wq_entry)
    {
        using var f = cpu.Enter();
        wq_entry.Exclusive = true;
        await spin_lock_irqsave(cpu, wq_head.Head.Lock, wq_head.Gen);
        await list_add(cpu, wq_entry, wq_head, tail: true);
        await spin_unlock_irqrestore(cpu, wq_head.Head.Lock, wq_head.Gen);
    }

    /// <summary>The caller holds the head's lock.</summary>
    public static ValueTask __add_wait_queue_exclusive(Cpu cpu, HeadPtr wq_head, WaitQueueEntry wq_entry)
    {
        wq_entry.Exclusive = true;
        return list_add(cpu, wq_entry, wq_head, tail: false);
    }

    /// <summary>Takes <c>wq_head->lock</c>, then list_del (poisoning): KERNEL.md §1.1.</summary>
    public static async ValueTask remove_wait_queue(Cpu cpu, HeadPtr wq_head, WaitQueueEntry wq_entry)
    {
        using var f = cpu.Enter();
        await spin_lock_irqsave(cpu, wq_head.Head.Lock, wq_head.Gen);
        await __remove_wait_queue(cpu, wq_entry);
        await spin_unlock_irqrestore(cpu, wq_head.Head.Lock, wq_head.Gen);
    }

    public static ValueTask __remove_wait_queue(Cpu cpu, WaitQueueEntry wq_entry) => list_del(cpu, wq_entry);

    /// <summary>A lockless read of the list.</summary>
    public static async ValueTask<bool> waitqueue_active(Cpu cpu, HeadPtr wq_head)
    {
        await cpu.Touch(wq_head.Head.Container, wq_head.Gen, wq_head.Head.Field, Op.Read, "waitqueue_active");
        return wq_head.Head.Entries.Count > 0;
    }

    public static async ValueTask __wake_up(Cpu cpu, HeadPtr wq_head, int mode, int nr_exclusive, uint key)
    {
        using var f = cpu.Enter();
        await spin_lock_irqsave(cpu, wq_head.Head.Lock, wq_head.Gen);
        await __wake_up_common(cpu, wq_head, mode, nr_exclusive, 0, key);
        await spin_unlock_irqrestore(cpu, wq_head.Head.Lock, wq_head.Gen);
    }

    /// <summary>
    /// Walks the list with the safe iterator: next is saved before each callback, so a callback may unlink its own
    /// entry. Iterating a snapshot is the same walk as long as callbacks only unlink themselves, which the head lock
    /// guarantees. Stops once an exclusive entry returned nonzero and <paramref name="nr_exclusive"/> hit 0
    /// (0 means wake everyone).
    /// </summary>
    public static async ValueTask __wake_up_common(Cpu cpu, HeadPtr wq_head, int mode, int nr_exclusive, int wake_flags, uint key)
    {
        using var f = cpu.Enter();
        foreach (var curr in wq_head.Head.Entries.ToArray())
        {
            await cpu.Touch(curr.Container, curr.Field, Op.Read, "curr->flags, curr->func");
            var exclusive = curr.Exclusive;
            if ((key & POLLFREE) != 0)
            {
                cpu.World.Observer.Notify(new PollfreeDelivered(cpu.World.Journal.Steps[^1], curr.Name, wq_head.Head.Container.Name));
            }

            var ret = await curr.Func(cpu, curr, mode, wake_flags, key);
            if (ret < 0)
            {
                break;
            }

            if (ret != 0 && exclusive && --nr_exclusive == 0)
            {
                break;
            }
        }
    }

    public static ValueTask wake_up(Cpu cpu, HeadPtr x) => __wake_up(cpu, x, TASK_NORMAL, 1, 0);

    /// <summary>nr_exclusive is 1: with several exclusive waiters the walk may stop early (KERNEL.md §5.3).</summary>
    public static ValueTask wake_up_poll(Cpu cpu, HeadPtr x, uint m) => __wake_up(cpu, x, TASK_NORMAL, 1, m);

    /// <summary>The caller holds the head's lock.</summary>
    public static ValueTask wake_up_locked(Cpu cpu, HeadPtr x) => __wake_up_common(cpu, x, TASK_NORMAL, 1, 0, 0);

    /// <summary>42288cb44c4b: lockless check, then wake everyone with POLLHUP|POLLFREE.</summary>
    public static async ValueTask wake_up_pollfree(Cpu cpu, HeadPtr wq_head)
    {
        using var f = cpu.Enter();

        // For performance reasons, we don't always take the queue lock here. Therefore, we might race with someone
        // removing the last entry from the queue, and proceed while they still hold the queue lock. However, rcu_read_lock()
        // is required to be held in such cases, so we can safely proceed with an RCU-delayed free.
        if (await waitqueue_active(cpu, wq_head))
        {
            await __wake_up_pollfree(cpu, wq_head);
        }
    }

    public static async ValueTask __wake_up_pollfree(Cpu cpu, HeadPtr wq_head)
    {
        using var f = cpu.Enter();
        await __wake_up(cpu, wq_head, TASK_NORMAL, 0, POLLHUP | POLLFREE);

        // POLLFREE must have cleared the queue: the kernel's WARN_ON_ONCE(waitqueue_active(wq_head)); INV-D checks it.
        PollfreeWakeDone(cpu, wq_head, nr_exclusive: 0);
    }

    /// <summary>Tells the specs what the POLLFREE wake left linked (INV-D).</summary>
    internal static void PollfreeWakeDone(Cpu cpu, HeadPtr wq_head, int nr_exclusive)
    {
        var head = wq_head.Head;
        var step = cpu.Note(Op.Wake, $"POLLFREE wake of {head.Name} done, {head.Entries.Count} still linked", head.Container);
        var linked = head.Entries.Select(e => new LinkedWaiter(head.Name, e.Name, e.Container.Name)).ToList();
        cpu.World.Observer.Notify(new PollfreeWakeDone(step, head.Name, head.Container.Describe(), nr_exclusive, linked, cpu.World.ProvenanceOf(cpu, step)));
    }

    /// <summary>default_wake_function → try_to_wake_up: make the sleeping task runnable.</summary>
    public static async ValueTask<int> default_wake_function(Cpu cpu, WaitQueueEntry curr, int mode, int wake_flags, uint key)
    {
        using var f = cpu.Enter();
        var p = curr.Private!;
        await cpu.Touch(p, "state", Op.Wake, $"try_to_wake_up({p.Comm})");
        if (!p.Sleeping)
        {
            return 0;
        }

        p.Sleeping = false;
        p.Wakeup.WakeAll();
        return 1;
    }

    /// <summary>Sleeps until try_to_wake_up sets TASK_RUNNING. The caller did set_current_state first.</summary>
    public static async ValueTask schedule(Cpu cpu)
    {
        var current = cpu.Current!;
        cpu.Note(Op.Sleep, "schedule()");
        while (current.Sleeping)
        {
            await cpu.Block(current.Wakeup);
        }
    }
}
