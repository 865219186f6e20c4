using Microsoft.Coyote.Specifications;
using PollFree.Kernel;

namespace PollFree.Specs;

/// <summary>One spec: its id, what it states, its pure rule (null for the liveness spec, judged at quiescence), and
/// how to register and notify its Coyote monitor.</summary>
public sealed record Spec(string Id, string Statement, Func<KernelEvent, Violation?>? Rule, Type Monitor, Action Register, Action<KernelNotice> Notify)
{
    public static Spec Of<TMonitor>(string id, string statement, Func<KernelEvent, Violation?>? rule)
        where TMonitor : Microsoft.Coyote.Specifications.Monitor =>
        new(id, statement, rule, typeof(TMonitor), Specification.RegisterMonitor<TMonitor>, Specification.Monitor<TMonitor>);

    public static readonly Spec InvA = Of<NoWaiterOutlivesQueue>("INV-A", "no waiter outlives its queue", Rules.NoWaiterOutlivesQueue);
    public static readonly Spec InvB = Of<NoQueueUseAfterFree>("INV-B", "no lock, list or field access on a freed queue", Rules.NoQueueUseAfterFree);
    public static readonly Spec InvC = Of<NoPollerUseAfterFree>("INV-C", "pwq, epi, ep never freed while a waker uses them", Rules.NoPollerUseAfterFree);
    public static readonly Spec InvD = Of<PollfreeReachesEveryWaiter>("INV-D", "POLLFREE reaches every waiter", Rules.PollfreeReachesEveryWaiter);
    public static readonly Spec Live = Of<EpollWaitIsWoken>("LIVE", "a blocked epoll_wait is woken when its sighand goes away", null);
    public static readonly Spec Bug = Of<NoKernelBug>("BUG", "no kernel BUG (DEBUG_LIST, lockdep)", Rules.NoKernelBug);

    public static IReadOnlyList<Spec> All { get; } = [InvA, InvB, InvC, InvD, Live, Bug];

    public static Spec? Find(string id) => All.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Forwards the kernel's events to the registered specs' monitors.</summary>
public sealed class MonitorObserver : IKernelObserver
{
    private readonly IReadOnlyList<Spec> specs;

    public MonitorObserver(IReadOnlyList<Spec> specs) => this.specs = specs;

    public void Notify(KernelEvent e)
    {
        var notice = new KernelNotice(e);
        foreach (var spec in this.specs)
        {
            spec.Notify(notice);
        }
    }
}
