using PollFree.Kernel;

namespace PollFree.Specs;

/// <summary>
/// The liveness rule's state, shared by the Coyote monitor and any other driver: which epoll_wait sleepers depend on
/// a queue whose owner was freed without POLLFREE reaching their entry, and have not been woken since.
/// </summary>
public sealed class SleeperTracker
{
    private readonly Dictionary<string, IReadOnlyList<WatchedQueue>> sleepers = [];
    private readonly HashSet<string> freed = [];
    private readonly HashSet<string> delivered = [];

    /// <summary>Updates the state; false when the event does not concern this rule.</summary>
    public bool On(KernelEvent e)
    {
        switch (e)
        {
            case EpollSleeps s:
                this.sleepers[s.Task] = s.Watched;
                return true;
            case EpollWoken w:
                this.sleepers.Remove(w.Task);
                return true;
            case PollfreeDelivered d:
                this.delivered.Add(d.Entry);
                return true;
            case ObjectFreed { Object.Side: Side.QueueOwner } f:
                this.freed.Add(f.Object.Name);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The stranded sleepers (task names); empty when the rule holds now.</summary>
    public IReadOnlyList<string> Stranded =>
        [.. this.sleepers.Where(s => s.Value.Any(q => this.freed.Contains(q.QueueOwner) && !this.delivered.Contains(q.Entry))).Select(s => s.Key)];
}
