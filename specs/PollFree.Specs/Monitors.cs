using Microsoft.Coyote.Specifications;
using PollFree.Kernel;
using Monitor = Microsoft.Coyote.Specifications.Monitor;

namespace PollFree.Specs;

/// <summary>How the kernel's events reach a Coyote monitor.</summary>
public sealed class KernelNotice : Monitor.Event
{
    public KernelNotice(KernelEvent e) => this.Event = e;

    public KernelEvent Event { get; }
}

/// <summary>A safety monitor around one rule, the one its <see cref="Spec"/> names (so monitor and spec cannot
/// disagree): it asserts on the first violation, with the rendered report.</summary>
public abstract class SafetyMonitor : Monitor
{
    private Func<KernelEvent, Violation?>? rule;

    protected void Check(Event e)
    {
        this.rule ??= Spec.All.Single(s => s.Monitor == this.GetType()).Rule!;
        if (this.rule(((KernelNotice)e).Event) is { } v)
        {
            // The report holds braces (its JSON marker): pass it as an argument, never as a format string.
            this.Assert(false, "{0}", v.Render());
        }
    }
}

/// <summary>INV-A: no waiter outlives its queue.</summary>
public sealed class NoWaiterOutlivesQueue : SafetyMonitor
{
    [Start]
    [OnEventDoAction(typeof(KernelNotice), nameof(Check))]
    private sealed class Watching : State
    {
    }
}

/// <summary>INV-B: no access to the freed queue owner's memory (the remover's lock on a freed sighand).</summary>
public sealed class NoQueueUseAfterFree : SafetyMonitor
{
    [Start]
    [OnEventDoAction(typeof(KernelNotice), nameof(Check))]
    private sealed class Watching : State
    {
    }
}

/// <summary>INV-C: pwq, epi and ep are not touched by a waker after the remover freed them.</summary>
public sealed class NoPollerUseAfterFree : SafetyMonitor
{
    [Start]
    [OnEventDoAction(typeof(KernelNotice), nameof(Check))]
    private sealed class Watching : State
    {
    }
}

/// <summary>INV-D: POLLFREE reaches every waiter (the queue is empty after the POLLFREE wake).</summary>
public sealed class PollfreeReachesEveryWaiter : SafetyMonitor
{
    [Start]
    [OnEventDoAction(typeof(KernelNotice), nameof(Check))]
    private sealed class Watching : State
    {
    }
}

/// <summary>CONFIG_DEBUG_LIST and lockdep: the kernel's own BUGs.</summary>
public sealed class NoKernelBug : SafetyMonitor
{
    [Start]
    [OnEventDoAction(typeof(KernelNotice), nameof(Check))]
    private sealed class Watching : State
    {
    }
}

/// <summary>
/// Liveness: a task asleep in epoll_wait on an epoll whose entries are linked into a sighand is eventually woken
/// once that sighand goes away. Hot while some sleeper has an entry on a freed queue that never received POLLFREE
/// (the wake that would have woken it) and the sleeper has not been woken since it went to sleep. A sleeper that
/// goes back to sleep after POLLFREE reached its entry was told; that its harvest then drops the POLLHUP
/// (KERNEL.md §3.2) is outside this property.
/// </summary>
public sealed class EpollWaitIsWoken : Monitor
{
    private readonly SleeperTracker tracker = new();

    private void Track(Event e)
    {
        if (!this.tracker.On(((KernelNotice)e).Event))
        {
            return;
        }

        if (this.tracker.Stranded.Count > 0)
        {
            this.RaiseGotoStateEvent<Stranded>();
        }
        else
        {
            this.RaiseGotoStateEvent<Fine>();
        }
    }

    [Start]
    [Cold]
    [OnEventDoAction(typeof(KernelNotice), nameof(Track))]
    private sealed class Fine : State
    {
    }

    /// <summary>An epoll_wait sleeps on a queue whose owner was freed without POLLFREE, and nothing has woken it.</summary>
    [Hot]
    [OnEventDoAction(typeof(KernelNotice), nameof(Track))]
    private sealed class Stranded : State
    {
    }
}
