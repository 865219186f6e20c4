namespace PollFree.Kernel;

/// <summary>include/uapi/asm-generic/poll.h, include/uapi/linux/eventpoll.h and include/linux/poll.h.</summary>
public static partial class Linux
{
    public const uint POLLIN = 0x0001;
    public const uint POLLERR = 0x0008;
    public const uint POLLHUP = 0x0010;

    /// <summary>0x4000, "currently only for epoll" until 2021.</summary>
    public const uint POLLFREE = 0x4000;

    public const uint EPOLLEXCLUSIVE = 1u << 28;
    public const uint EPOLLWAKEUP = 1u << 29;
    public const uint EPOLLONESHOT = 1u << 30;
    public const uint EPOLLET = 1u << 31;
    public const uint EP_PRIVATE_BITS = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;

    /// <summary>poll_wait: register on the queue only when the table has a qproc (epoll's first poll only).</summary>
    public static ValueTask poll_wait(Cpu cpu, OpenFile filp, HeadPtr wait_address, PollTable? p) =>
        p?.Qproc is { } qproc ? qproc(cpu, filp, wait_address, p) : ValueTask.CompletedTask;

    /// <summary>vfs_poll: dispatch on the file's f_op.</summary>
    public static ValueTask<uint> vfs_poll(Cpu cpu, OpenFile file, PollTable? pt) => file.Kind switch
    {
        FileKind.Signalfd => signalfd_poll(cpu, file, pt),
        _ => ValueTask.FromResult(0u), // polling an epoll fd (nested epoll) is not modelled
    };
}

/// <summary><c>poll_table</c> as epoll uses it: <c>ep_pqueue { pt; epi }</c>.</summary>
public sealed record PollTable(Func<Cpu, OpenFile, HeadPtr, PollTable, ValueTask>? Qproc, EpItem Epi);
