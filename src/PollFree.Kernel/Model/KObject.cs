namespace PollFree.Kernel;

/// <summary>A modelled kernel object living in a slab cache. Its lifetime is what the KASAN-style checks read.</summary>
public abstract class KObject
{
    protected KObject(KmemCache cache, int serial)
    {
        this.Cache = cache;
        this.Serial = serial;
    }

    public KmemCache Cache { get; }

    public int Serial { get; }

    /// <summary>The C type, as a kernel developer writes it.</summary>
    public abstract string KernelType { get; }

    public abstract Side Side { get; }

    public string Name => $"{this.KernelType}#{this.Serial}";

    public Lifetime State { get; internal set; } = Lifetime.Allocated;

    /// <summary>Bumped by every allocation of this slot; pointers carry the generation they were taken at.</summary>
    public int Generation { get; internal set; }

    public Provenance? AllocatedBy { get; internal set; }

    public Provenance? FreedBy { get; internal set; }

    /// <summary>The wait-queue heads embedded in this object; INV-A checks them at free time.</summary>
    public virtual IEnumerable<WaitQueueHead> EmbeddedHeads => [];

    public ObjectInfo Describe() => new(
        this.Name, this.KernelType, this.Cache.Name, this.Cache.TypesafeByRcu, this.State, this.Side, this.AllocatedBy, this.FreedBy);

    public override string ToString() => this.Name;
}

/// <summary>A snapshot of an object for reports and spec events.</summary>
public sealed record ObjectInfo(
    string Name,
    string Type,
    string Cache,
    bool TypesafeByRcu,
    Lifetime State,
    Side Side,
    Provenance? AllocatedBy,
    Provenance? FreedBy);

/// <summary>Static kernel data (tasklist_lock, epmutex): never freed.</summary>
public sealed class KernelGlobals : KObject
{
    internal KernelGlobals(KmemCache cache)
        : base(cache, 0)
    {
        this.TasklistLock = new SpinLock(this, "tasklist_lock");
        this.Epmutex = new SpinLock(this, "epmutex", sleeping: true);
    }

    public override string KernelType => "kernel .data";

    public override Side Side => Side.Other;

    /// <summary>Modelled as an exclusive lock: every path here takes it for write.</summary>
    public SpinLock TasklistLock { get; }

    public SpinLock Epmutex { get; }
}
