namespace PollFree.Kernel;

/// <summary>
/// kernel/locking/spinlock.c and mutex.c. Taking a lock reads and writes the lock word, which lives in the lock's
/// container: a lock taken in freed memory is a use-after-free like any other. Contenders block until the owner
/// unlocks (they do not busy-wait: a spinning actor would burn the scheduler's step budget).
/// </summary>
public static partial class Linux
{
    public static async ValueTask spin_lock(Cpu cpu, SpinLock l, int gen)
    {
        for (;;)
        {
            await cpu.Touch(l.Container, gen, l.Field, Op.Lock);
            if (l.Owner is null)
            {
                l.Owner = cpu;
                cpu.Acquired(l.Name);
                cpu.World.Journal.RefreshLocks(cpu);
                return;
            }

            if (l.Owner == cpu)
            {
                BUG(cpu, $"possible recursive locking detected: {l.Name}");
            }

            cpu.Note(Op.Sleep, $"waits for {l.Name} (held by {l.Owner.Name})");
            await cpu.Block(l);
        }
    }

    public static async ValueTask spin_unlock(Cpu cpu, SpinLock l, int gen)
    {
        await cpu.Touch(l.Container, gen, l.Field, Op.Unlock);
        if (l.Owner != cpu)
        {
            BUG(cpu, $"bad unlock balance detected: {l.Name} is not held by {cpu.Name}");
        }

        l.Owner = null;
        cpu.Released(l.Name);
        cpu.World.Journal.RefreshLocks(cpu);
        l.WakeAll();
    }

    public static ValueTask spin_lock(Cpu cpu, SpinLock l) => spin_lock(cpu, l, l.Container.Generation);

    public static ValueTask spin_unlock(Cpu cpu, SpinLock l) => spin_unlock(cpu, l, l.Container.Generation);

    // Interrupts are not modelled: the irq-disabling forms are the plain ones, kept so the code reads like the kernel.
    public static ValueTask spin_lock_irqsave(Cpu cpu, SpinLock l, int gen) => spin_lock(cpu, l, gen);

    public static ValueTask spin_unlock_irqrestore(Cpu cpu, SpinLock l, int gen) => spin_unlock(cpu, l, gen);

    public static ValueTask spin_lock_irqsave(Cpu cpu, SpinLock l) => spin_lock(cpu, l);

    public static ValueTask spin_unlock_irqrestore(Cpu cpu, SpinLock l) => spin_unlock(cpu, l);

    public static ValueTask spin_lock_irq(Cpu cpu, SpinLock l, int gen) => spin_lock(cpu, l, gen);

    public static ValueTask spin_unlock_irq(Cpu cpu, SpinLock l, int gen) => spin_unlock(cpu, l, gen);

    public static ValueTask mutex_lock(Cpu cpu, SpinLock m) => spin_lock(cpu, m);

    public static ValueTask mutex_unlock(Cpu cpu, SpinLock m) => spin_unlock(cpu, m);

    /// <summary>tasklist_lock is an rwlock; every path modelled takes it for write.</summary>
    public static ValueTask write_lock_irq(Cpu cpu, SpinLock l) => spin_lock(cpu, l);

    public static ValueTask write_unlock_irq(Cpu cpu, SpinLock l) => spin_unlock(cpu, l);

    /// <summary>A kernel BUG the model itself detects: the specs hear of it, and the thread stops here.</summary>
    public static void BUG(Cpu cpu, string title)
    {
        var step = cpu.Note(Op.Syscall, "BUG: " + title);
        cpu.World.Observer.Notify(new KernelBug(step, title, cpu.World.ProvenanceOf(cpu, step)));
        throw new KernelPanicException(title);
    }
}

/// <summary>Thrown after a kernel BUG: the thread that hit it does not go on.</summary>
public sealed class KernelPanicException : Exception
{
    public KernelPanicException(string message)
        : base(message)
    {
    }

    public KernelPanicException()
    {
    }

    public KernelPanicException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
