namespace PollFree.Kernel;

/// <summary>The RCU state (kernel/rcu/tree.c, reduced): queued callbacks and the waitables the GP kthread sleeps on.</summary>
public sealed class RcuState
{
    internal List<(string What, Action<Cpu> Callback)> Pending { get; } = [];

    public Waitable CallbacksQueued { get; } = new("rcu_gp_kthread: rcu_gp_wq");

    public Waitable ReaderExited { get; } = new("rcu_gp_kthread: waiting for readers");

    public int GracePeriodsCompleted { get; internal set; }
}

public static partial class Linux
{
    // rcu_read_lock()/rcu_read_unlock() are CPU-local: journalled, not scheduling points.
    public static void rcu_read_lock(Cpu cpu) => cpu.RcuReadLock();

    public static void rcu_read_unlock(Cpu cpu) => cpu.RcuReadUnlock();

    public static void call_rcu(Cpu cpu, string what, Action<Cpu> callback)
    {
        cpu.World.Rcu.Pending.Add((what, callback));
        cpu.Note(Op.GracePeriod, "call_rcu: " + what);
        cpu.World.Rcu.CallbacksQueued.WakeAll();
        cpu.World.StartRcuKthread();
    }

    /// <summary>
    /// The grace-period kthread: whenever callbacks are queued, run one grace period (wait for every read section
    /// that had begun when it started) and then invoke the callbacks queued before it started.
    /// </summary>
    public static async ValueTask rcu_gp_kthread(Cpu cpu)
    {
        using var f = cpu.Enter();
        var rcu = cpu.World.Rcu;
        for (;;)
        {
            while (rcu.Pending.Count == 0)
            {
                await cpu.Block(rcu.CallbacksQueued);
            }

            await rcu_gp_init(cpu);
        }
    }

    private static async ValueTask rcu_gp_init(Cpu cpu)
    {
        using var f = cpu.Enter();
        var rcu = cpu.World.Rcu;
        await cpu.SchedulePoint("grace period start");
        var batch = rcu.Pending.ToList();
        rcu.Pending.Clear();
        var readers = cpu.World.Cpus.Where(c => c != cpu && c.RcuDepth > 0).Select(c => (Cpu: c, c.RcuSection)).ToList();
        cpu.Note(Op.GracePeriod, readers.Count == 0
            ? "grace period starts, no readers"
            : $"grace period starts, waits for {string.Join(", ", readers.Select(r => r.Cpu.Name))}");
        foreach (var (reader, section) in readers)
        {
            while (reader.RcuDepth > 0 && reader.RcuSection == section)
            {
                await cpu.Block(rcu.ReaderExited);
            }
        }

        await cpu.SchedulePoint("grace period end");
        rcu.GracePeriodsCompleted++;
        cpu.Note(Op.GracePeriod, $"grace period {rcu.GracePeriodsCompleted} completed");
        foreach (var (_, callback) in batch)
        {
            callback(cpu);
        }
    }
}
