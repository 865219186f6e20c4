namespace PollFree.Kernel;

/// <summary>Something a kernel thread can block on: a lock, a sleeping task, a grace period, a user-space barrier.</summary>
public class Waitable
{
    private readonly List<Cpu> waiters = [];

    public Waitable(string name) => this.Name = name;

    public string Name { get; }

    internal void Enqueue(Cpu cpu)
    {
        if (!this.waiters.Contains(cpu))
        {
            this.waiters.Add(cpu);
        }
    }

    /// <summary>Makes every parked waiter runnable; each re-checks its condition (waits are always loops).</summary>
    public void WakeAll()
    {
        if (this.waiters.Count == 0)
        {
            return;
        }

        var woken = this.waiters.ToArray();
        this.waiters.Clear();
        foreach (var cpu in woken)
        {
            cpu.Unpark();
        }
    }
}

/// <summary>A one-shot user-space barrier (a pipe write, a waitpid): scenarios use it to order system calls.</summary>
public sealed class Completion : Waitable
{
    public Completion(string name)
        : base(name)
    {
    }

    public bool Done { get; private set; }

    public void Complete()
    {
        this.Done = true;
        this.WakeAll();
    }
}
