using System.Runtime.CompilerServices;

namespace PollFree.Kernel;

/// <summary>
/// The awaitable every shared access goes through. The access itself is performed in <see cref="GetResult"/>, i.e.
/// after the scheduling point, so that what is checked is the memory as it is when the access really happens.
/// </summary>
public readonly struct Seam : ICriticalNotifyCompletion
{
    private readonly Cpu cpu;
    private readonly bool completed;

    internal Seam(Cpu cpu, bool completed)
    {
        this.cpu = cpu;
        this.completed = completed;
    }

    public Seam GetAwaiter() => this;

    public bool IsCompleted => this.completed;

    public void OnCompleted(Action continuation) => this.cpu.Suspend(continuation);

    public void UnsafeOnCompleted(Action continuation) => this.cpu.Suspend(continuation);

    public void GetResult() => this.cpu.CompletePending();
}
