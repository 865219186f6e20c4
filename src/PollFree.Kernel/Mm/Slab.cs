namespace PollFree.Kernel;

/// <summary>
/// A slab cache (mm/slab_common.c). With <see cref="TypesafeByRcu"/> (SLAB_TYPESAFE_BY_RCU, formerly
/// SLAB_DESTROY_BY_RCU) a freed slot stays an object of its type: the next allocation may hand it out again without
/// running the constructor (the ctor runs only when a slab page is populated), and the page goes back to the page
/// allocator only after an RCU grace period. KERNEL.md §1.3; the "ctor runs once per page population" timing is [I].
/// Model simplification: one object per slab page, and reuse is LIFO (the most recently freed slot first).
/// </summary>
public sealed class KmemCache
{
    private readonly Func<KmemCache, int, KObject> create;
    private readonly Action<KObject>? ctor;
    private readonly List<KObject> freeSlots = [];
    private int serial;

    public KmemCache(string name, bool typesafeByRcu, Func<KmemCache, int, KObject> create, Action<KObject>? ctor = null)
    {
        this.Name = name;
        this.TypesafeByRcu = typesafeByRcu;
        this.create = create;
        this.ctor = ctor;
    }

    public string Name { get; }

    public bool TypesafeByRcu { get; }

    internal int NextSerial() => ++this.serial;

    /// <summary>A fresh slot from a newly populated page: the constructor runs.</summary>
    internal KObject Create()
    {
        var obj = this.create(this, this.NextSerial());
        this.ctor?.Invoke(obj);
        return obj;
    }

    internal KObject? TakeFreeSlot()
    {
        if (this.freeSlots.Count == 0)
        {
            return null;
        }

        var obj = this.freeSlots[^1];
        this.freeSlots.RemoveAt(this.freeSlots.Count - 1);
        return obj;
    }

    internal void AddFreeSlot(KObject obj) => this.freeSlots.Add(obj);

    internal void DropFreeSlot(KObject obj) => this.freeSlots.Remove(obj);

    public override string ToString() => this.Name;
}

public static partial class Linux
{
    public static async ValueTask<T> kmem_cache_alloc<T>(Cpu cpu, KmemCache cache)
        where T : KObject
    {
        using var f = cpu.Enter();
        await cpu.SchedulePoint("slab freelist");

        // A typesafe cache hands back a freed slot as it is: no constructor, so its list heads keep whatever was
        // still linked into them when it was freed (KERNEL.md §2.3 I0-a step 3).
        var obj = (cache.TypesafeByRcu ? cache.TakeFreeSlot() : null) ?? cache.Create();
        obj.State = Lifetime.Allocated;
        obj.Generation++;
        obj.FreedBy = null;
        var step = cpu.Note(Op.Alloc, $"{cache.Name}: {(obj.Generation > 1 ? "reused slot, ctor not run" : "new slot, ctor ran")}", obj);
        obj.AllocatedBy = cpu.World.ProvenanceOf(cpu, step);
        return (T)obj;
    }

    public static async ValueTask kmem_cache_free(Cpu cpu, KmemCache cache, KObject obj)
    {
        using var f = cpu.Enter();

        // Freeing is an access: a double free is caught like a use-after-free.
        await cpu.Touch(obj, string.Empty, Op.Free, cache.Name);
        var linked = obj.EmbeddedHeads
            .SelectMany(h => h.Entries.Select(e => new LinkedWaiter(h.Name, e.Name, e.Container.Name)))
            .ToList();
        obj.State = Lifetime.Freed;
        var step = cpu.World.Journal.Steps[^1];
        var by = cpu.World.ProvenanceOf(cpu, step);
        obj.FreedBy = by;
        if (cache.TypesafeByRcu)
        {
            cache.AddFreeSlot(obj);
            var gen = obj.Generation;
            call_rcu(cpu, $"free slab page of {obj.Name}", rcu => slab_free_page(rcu, cache, obj, gen));
        }

        cpu.World.Observer.Notify(new ObjectFreed(step, obj.Describe(), linked, by));
    }

    /// <summary>kfree: the object came from a kmalloc cache (eventpoll), which is never typesafe.</summary>
    public static ValueTask kfree(Cpu cpu, KObject obj) => kmem_cache_free(cpu, obj.Cache, obj);

    /// <summary>The RCU callback that returns a typesafe slot's page: only if the slot was not reused meanwhile.</summary>
    private static void slab_free_page(Cpu rcu, KmemCache cache, KObject obj, int gen)
    {
        if (obj.State == Lifetime.Freed && obj.Generation == gen)
        {
            cache.DropFreeSlot(obj);
            obj.State = Lifetime.PageFreed;
            rcu.Note(Op.PageFree, $"{cache.Name}: slab page of {obj.Name} returned to the page allocator", obj);
        }
    }
}
