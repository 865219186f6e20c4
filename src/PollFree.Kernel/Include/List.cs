namespace PollFree.Kernel;

/// <summary>
/// include/linux/list.h on a wait-queue entry's list_head. One scheduling point per operation; it writes the
/// entry and its neighbours (modelled as the head's container), and both are checked. CONFIG_DEBUG_LIST is on:
/// a list_del of a poisoned entry is a BUG.
/// </summary>
public static partial class Linux
{
    internal static async ValueTask list_add(Cpu cpu, WaitQueueEntry e, HeadPtr head, bool tail)
    {
        await cpu.Touch(e.Container, e.Field, Op.ListAdd, $"into {head.Head.Name}{(tail ? " (tail)" : string.Empty)}");
        cpu.AlsoTouch(head.Head.Container, head.Gen, head.Head.Field, Op.ListAdd);
        if (tail)
        {
            head.Head.LinkTail(e);
        }
        else
        {
            head.Head.LinkFront(e);
        }

        e.Head = head.Head;
        e.State = ListState.Linked;
    }

    /// <summary>list_del: unlink and poison. On a self-linked entry it only rewrites the entry itself.</summary>
    public static async ValueTask list_del(Cpu cpu, WaitQueueEntry e)
    {
        await cpu.Touch(e.Container, e.Field, Op.ListDel, $"list_del ({e.State})");
        if (e.State == ListState.Poisoned)
        {
            BUG(cpu, $"list_del corruption: {e.Name}->next is LIST_POISON1");
        }

        Unlink(cpu, e);
        e.State = ListState.Poisoned;
    }

    /// <summary>list_del_init: unlink and leave the entry pointing at itself, so a later list_del is harmless.</summary>
    public static async ValueTask list_del_init(Cpu cpu, WaitQueueEntry e)
    {
        await cpu.Touch(e.Container, e.Field, Op.ListDel, $"list_del_init ({e.State})");
        if (e.State == ListState.Poisoned)
        {
            BUG(cpu, $"list_del corruption: {e.Name}->next is LIST_POISON1");
        }

        Unlink(cpu, e);
        e.State = ListState.SelfLinked;
    }

    private static void Unlink(Cpu cpu, WaitQueueEntry e)
    {
        if (e.State == ListState.Linked && e.Head is { } head)
        {
            cpu.AlsoTouch(head.Container, head.Container.Generation, head.Field, Op.ListDel, "neighbours");
            head.Unlink(e);
            e.Head = null;
        }
    }
}
