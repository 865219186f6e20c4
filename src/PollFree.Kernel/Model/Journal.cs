namespace PollFree.Kernel;

/// <summary>One step of an interleaving, in kernel vocabulary: who, in which kernel function, did what to which object.</summary>
public sealed record Step(
    int Index,
    string Actor,
    string Function,
    Op Op,
    string? Object,
    string? Cache,
    string Field,
    Lifetime? State,
    bool StalePointer,
    IReadOnlyList<string> Locks,
    int RcuDepth,
    string? Detail);

/// <summary>The interleaving as it happened: every scheduling point and every CPU-local note, in order.</summary>
public sealed class Journal
{
    private readonly List<Step> steps = [];

    public IReadOnlyList<Step> Steps => this.steps;

    /// <summary>A lock operation's step shows the locks held after it: the lock word is checked first, then taken.</summary>
    internal void RefreshLocks(Cpu cpu)
    {
        if (this.steps.Count > 0 && this.steps[^1].Actor == cpu.Name)
        {
            this.steps[^1] = this.steps[^1] with { Locks = cpu.LocksHeld.Count == 0 ? [] : [.. cpu.LocksHeld] };
        }
    }

    internal Step Record(Cpu cpu, KObject? obj, string field, Op op, string? detail, bool stale = false)
    {
        var step = new Step(
            this.steps.Count,
            cpu.Name,
            cpu.Function,
            op,
            obj?.Name,
            obj?.Cache.Name,
            field,
            obj?.State,
            stale,
            cpu.LocksHeld.Count == 0 ? [] : [.. cpu.LocksHeld],
            cpu.RcuDepth,
            detail);
        this.steps.Add(step);
        return step;
    }
}
