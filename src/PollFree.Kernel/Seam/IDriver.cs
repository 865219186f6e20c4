namespace PollFree.Kernel;

/// <summary>
/// Who decides which kernel thread runs next. The kernel code never knows: it awaits a <see cref="Seam"/> at every
/// shared access, and the driver either lets it go on at once (Coyote: after SchedulingPoint.Interleave()) or
/// takes the continuation and resumes it later (an in-process cooperative explorer).
/// </summary>
public interface IDriver
{
    /// <summary>A scheduling point before a shared access. True: go on synchronously.</summary>
    bool SchedulingPoint(Cpu cpu);

    /// <summary>The cpu's coroutine gave up its continuation at a scheduling point (only when SchedulingPoint said false).</summary>
    void Preempted(Cpu cpu);

    /// <summary>The cpu's coroutine blocked (lock contention, schedule(), a user-space wait); it resumes after <see cref="Unpark"/>.</summary>
    void Parked(Cpu cpu);

    /// <summary>A waker made a parked cpu runnable again. Called from the waker's own thread.</summary>
    void Unpark(Cpu cpu);

    /// <summary>A thread comes into existence while the system runs (a forked child): start it.</summary>
    void Spawn(KThread thread);
}
