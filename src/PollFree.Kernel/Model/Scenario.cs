using static PollFree.Kernel.Linux;

namespace PollFree.Kernel;

/// <summary>
/// A user-space story (KERNEL.md §2.2, §2.3) that boots a world: which tasks exist, what each one calls, and which
/// barriers order them. The kernel's behaviour comes only from the kernel functions the programs call.
/// </summary>
public sealed record Scenario(string Id, string Story, string Reference, Action<World> Boot)
{
    private const int SIGUSR1 = 10;
    private const ulong SigMask = 1UL << (SIGUSR1 - 1);

    /// <summary>KERNEL.md S1: P adds its signalfd to an epoll, forks X (which inherits both fds), exits and is
    /// reaped; only after that does X close the epoll.</summary>
    public static readonly Scenario ReapThenClose = new(
        "reap-then-close",
        "P: signalfd+epoll ADD, fork X, exit; R reaps P; then X closes the epoll fd",
        "KERNEL.md §2.2 S1, §2.3 I0-b, §3.3 I1",
        w =>
        {
            var fds = new Fds();
            var reaped = Parent(w, fds, epolls: 1, events: POLLIN);
            w.SpawnForked("X", async cpu =>
            {
                await cpu.WaitFor(reaped);
                await sys_close(cpu, fds.Epoll[0]);
            });
        });

    /// <summary>The epoll fd closed while the reaper runs signalfd_cleanup: I1' and I2.</summary>
    public static readonly Scenario CloseRacesReap = new(
        "close-races-reap",
        "as reap-then-close, but X closes the epoll fd at any point, racing R's release_task",
        "KERNEL.md §3.3 I1', §4.3 I2",
        w =>
        {
            var fds = new Fds();
            Parent(w, fds, epolls: 1, events: POLLIN);
            w.SpawnForked("X", cpu => Discard(sys_close(cpu, fds.Epoll[0])));
        });

    /// <summary>Signals to P wake signalfd_wqh while R reaps P; X removes the item afterwards.</summary>
    public static readonly Scenario SignalDuringReap = new(
        "signal-during-reap",
        "S sends P two signals while R reaps it (lock_task_sighand races __exit_signal); then X does EPOLL_CTL_DEL and close",
        "KERNEL.md §1.4 signalfd_notify, §1.3 DESTROY_BY_RCU",
        w =>
        {
            var fds = new Fds();
            var reaped = Parent(w, fds, epolls: 1, events: POLLIN);
            w.SpawnForked("X", async cpu =>
            {
                await cpu.WaitFor(reaped);
                await sys_epoll_ctl(cpu, fds.Epoll[0], EPOLL_CTL_DEL, fds.Signalfd, 0);
                await sys_close(cpu, fds.Epoll[0]);
            });
            w.Spawn("S", w.BootTask("S"), async cpu =>
            {
                await cpu.WaitFor(fds.Forked);
                var p = cpu.World.Tasks["P"];
                await sys_kill(cpu, p, SIGUSR1);
                await sys_kill(cpu, p, SIGUSR1);
            });
        });

    /// <summary>I0-a: the freed slot is reused by another fork while the stale entry is still linked.</summary>
    public static readonly Scenario ReuseByFork = new(
        "reuse-by-fork",
        "after R reaps P, Q forks C (its sighand may be P's freed slot) and signals it, while X closes the epoll fd",
        "KERNEL.md §2.3 I0-a",
        w =>
        {
            var fds = new Fds();
            var reaped = Parent(w, fds, epolls: 1, events: POLLIN);
            w.SpawnForked("X", async cpu =>
            {
                await cpu.WaitFor(reaped);
                await sys_close(cpu, fds.Epoll[0]);
            });
            w.Spawn("Q", w.BootTask("Q"), async cpu =>
            {
                await cpu.WaitFor(reaped);
                var c = await sys_fork(cpu, "C");
                await sys_kill(cpu, c, SIGUSR1);
            });
            w.SpawnForked("C", _ => ValueTask.CompletedTask);
        });

    /// <summary>X sleeps in epoll_wait on the signalfd item when P's sighand goes away: it must be woken.</summary>
    public static readonly Scenario WaitAcrossReap = new(
        "wait-across-reap",
        "X blocks in epoll_wait on the epoll holding P's signalfd; P exits and R reaps it",
        "KERNEL.md §3.1 (POLLHUP with POLLFREE), §3.2 lost POLLHUP",
        w =>
        {
            var fds = new Fds();
            Parent(w, fds, epolls: 1, events: POLLIN);
            w.SpawnForked("X", cpu => Discard(sys_epoll_wait(cpu, fds.Epoll[0], 1)));
        });

    /// <summary>Two epolls hold the signalfd with EPOLLEXCLUSIVE: POLLFREE must reach both (INV-D).</summary>
    public static readonly Scenario ExclusiveWaiters = new(
        "exclusive-waiters",
        "P adds its signalfd to two epolls with EPOLLEXCLUSIVE (4.5+), forks X, exits; R reaps P",
        "KERNEL.md §5.3, §6 item 1 (42288cb44c4b)",
        w =>
        {
            var fds = new Fds();
            Parent(w, fds, epolls: 2, events: POLLIN | EPOLLEXCLUSIVE);
            w.SpawnForked("X", _ => ValueTask.CompletedTask);
        });

    /// <summary>S4: the entry is on a sighand shared through CLONE_SIGHAND; exec moves the adder to a new sighand and
    /// the old one dies with the sibling, freed by the adder itself when it reaps it.</summary>
    public static readonly Scenario ExecDropsSighand = new(
        "exec-drops-sighand",
        "A clones B with CLONE_SIGHAND, adds its signalfd to an epoll, execs (de_thread unshares); B exits, A reaps it and closes the epoll",
        "KERNEL.md §2.2 S4, §2.1 E (de_thread)",
        w =>
        {
            w.Spawn("A", w.BootTask("A"), async cpu =>
            {
                var sfd = await sys_signalfd(cpu, SigMask);
                var epfd = await sys_epoll_create(cpu);
                var child = await sys_clone(cpu, "B", CLONE_VM | CLONE_SIGHAND);
                await sys_epoll_ctl(cpu, epfd, EPOLL_CTL_ADD, sfd, POLLIN);
                await sys_execve(cpu);
                await sys_wait4(cpu, child);
                await sys_close(cpu, epfd);
            });
            w.SpawnForked("B", do_exit);
        });

    public static IReadOnlyList<Scenario> All { get; } =
        [ReapThenClose, CloseRacesReap, SignalDuringReap, ReuseByFork, WaitAcrossReap, ExclusiveWaiters, ExecDropsSighand];

    public static Scenario? Find(string id) => All.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => this.Id;

    /// <summary>
    /// The common prologue: R (the parent, and the reaper) forks P. P creates a signalfd and the epolls, adds the
    /// signalfd to each (so the pwqs link into P's sighand), forks X, and exits. R waits for P and reaps it.
    /// Returns the barrier R completes once P is reaped.
    /// </summary>
    private static Completion Parent(World w, Fds fds, int epolls, uint events)
    {
        var reaped = new Completion("P reaped");
        w.Spawn("R", w.BootTask("R"), async cpu =>
        {
            var p = await sys_fork(cpu, "P");
            await sys_wait4(cpu, p);
            reaped.Complete();
        });
        w.SpawnForked("P", async cpu =>
        {
            fds.Signalfd = await sys_signalfd(cpu, SigMask);
            for (var i = 0; i < epolls; i++)
            {
                var epfd = await sys_epoll_create(cpu);
                await sys_epoll_ctl(cpu, epfd, EPOLL_CTL_ADD, fds.Signalfd, events);
                fds.Epoll.Add(epfd);
            }

            await sys_fork(cpu, "X");
            fds.Forked.Complete();
            await do_exit(cpu);
        });
        return reaped;
    }

    private static async ValueTask Discard<T>(ValueTask<T> call) => await call;

    /// <summary>The fds P creates; X inherits the same numbers.</summary>
    private sealed class Fds
    {
        public int Signalfd { get; set; }

        public List<int> Epoll { get; } = [];

        public Completion Forked { get; } = new("P forked X");
    }
}
