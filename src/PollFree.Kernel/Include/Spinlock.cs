namespace PollFree.Kernel;

/// <summary>
/// A spinlock or mutex embedded in <see cref="Container"/>: taking it is an access to the container's memory, so a
/// lock taken in a freed sighand is caught like any other use-after-free. <c>Sleeping</c> marks a mutex; the model
/// blocks contenders the same way for both (no busy-wait burns the scheduler's step budget).
/// </summary>
public sealed class SpinLock : Waitable
{
    public SpinLock(KObject container, string field, bool sleeping = false)
        : base(container is KernelGlobals ? field : $"{container.Name}->{field}")
    {
        this.Container = container;
        this.Field = field;
        this.Sleeping = sleeping;
    }

    public KObject Container { get; }

    public string Field { get; }

    public bool Sleeping { get; }

    public Cpu? Owner { get; internal set; }

    /// <summary>
    /// The model's name for the lock: names containers by type, not serial, once the container may be reused, so the
    /// lock-held column of a trace reads like lockdep ("&amp;sighand->siglock").
    /// </summary>
    public override string ToString() => this.Name;
}
