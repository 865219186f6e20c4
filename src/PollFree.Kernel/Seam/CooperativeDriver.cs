namespace PollFree.Kernel;

/// <summary>
/// A single-threaded driver without Coyote: every scheduling point suspends, and <see cref="Run"/> resumes one
/// runnable thread at a time, chosen by a deterministic policy. It proves the kernel layer does not depend on
/// Coyote, and is the seed of an in-process explorer (COYOTE.md §9: ~400× cheaper per step).
/// </summary>
public sealed class CooperativeDriver : IDriver
{
    private readonly List<Cpu> runnable = [];
    private readonly Func<IReadOnlyList<Cpu>, Cpu?, int> choose;

    /// <param name="choose">Picks the index of the next thread among the runnable ones (in the order they became runnable).</param>
    public CooperativeDriver(Func<IReadOnlyList<Cpu>, int>? choose = null)
        : this(choose is null ? (_, _) => 0 : (q, _) => choose(q))
    {
    }

    /// <param name="choose">Picks the next thread among the runnable ones, knowing which thread ran last (it is among
    /// them when it was preempted, absent when it blocked or finished): what a preemption-bounded search needs.</param>
    public CooperativeDriver(Func<IReadOnlyList<Cpu>, Cpu?, int> choose) => this.choose = choose;

    public int Steps { get; private set; }

    public bool SchedulingPoint(Cpu cpu) => false;

    public void Preempted(Cpu cpu) => this.runnable.Add(cpu);

    public void Parked(Cpu cpu)
    {
    }

    public void Unpark(Cpu cpu) => this.runnable.Add(cpu);

    public void Spawn(KThread thread) => thread.Cpu.Start(thread.Program);

    /// <summary>Starts every thread of <paramref name="world"/> and runs until none is runnable or the budget is spent.
    /// Returns true when the run went quiet (every thread finished or blocked) within the budget.</summary>
    public bool Run(World world, int maxSteps = 100_000)
    {
        foreach (var thread in world.Threads)
        {
            thread.Cpu.Start(thread.Program);
        }

        Cpu? last = null;
        while (this.runnable.Count > 0)
        {
            if (this.Steps++ >= maxSteps)
            {
                return false;
            }

            var i = this.runnable.Count == 1 ? 0 : this.choose(this.runnable, last);
            var cpu = this.runnable[i];
            this.runnable.RemoveAt(i);
            last = cpu;
            cpu.Resume();
        }

        return true;
    }
}
