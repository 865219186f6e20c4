namespace PollFree.Kernel;

/*
 * fs/eventpoll.c (KERNEL.md §1.5, §2.1 A–D, §3–§5).
 *
 * LOCKING: epmutex -> ep->mtx -> ep->lock. The wake callback runs under the target queue's whead->lock and then
 * takes ep->lock, so whead->lock -> ep->lock. For a signalfd the target queue is current->sighand->signalfd_wqh of
 * whoever did EPOLL_CTL_ADD: epoll assumes the added file controls everything ->poll() needs, which is not true.
 *
 * Not modelled: ep->ovflist (a callback during ep_send_events' unlocked window links straight into rdllist; no
 * invariant here depends on it), nested epoll (ep->poll_wait stays empty), EPOLLONESHOT/EPOLLET, wakeup sources,
 * and epitem's call_rcu free of later kernels (KERNEL.md treats epi_cache as plain, [V-src 3.1]).
 */
public static partial class Linux
{
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;

    public static async ValueTask<int> sys_epoll_create(Cpu cpu)
    {
        using var f = cpu.Enter();
        var ep = await ep_alloc(cpu);
        var file = await anon_inode_getfile(cpu, FileKind.Eventpoll);
        file.Ep = ep;
        return fd_install(cpu, file);
    }

    private static ValueTask<EventPoll> ep_alloc(Cpu cpu) => kmem_cache_alloc<EventPoll>(cpu, cpu.World.EventpollCache);

    public static async ValueTask<int> sys_epoll_ctl(Cpu cpu, int epfd, int op, int fd, uint events)
    {
        using var f = cpu.Enter();
        if (fdget(cpu, epfd) is not { Ep: { } ep } || fdget(cpu, fd) is not { } tf)
        {
            return -9; // EBADF
        }

        if (op == EPOLL_CTL_ADD)
        {
            events |= POLLERR | POLLHUP;
        }

        var error = 0;
        await mutex_lock(cpu, ep.Mtx);
        var epi = await ep_find(cpu, ep, fd);
        switch (op)
        {
            case EPOLL_CTL_ADD:
                error = epi is null ? await ep_insert(cpu, ep, events, tf, fd) : -17; // EEXIST
                break;
            case EPOLL_CTL_DEL:
                if (epi is null)
                {
                    error = -2; // ENOENT
                }
                else
                {
                    await ep_remove(cpu, ep, epi);
                }

                break;
        }

        await mutex_unlock(cpu, ep.Mtx);
        return error;
    }

    private static async ValueTask<EpItem?> ep_find(Cpu cpu, EventPoll ep, int fd)
    {
        await cpu.Touch(ep, "rbr", Op.Read, "rb search");
        return ep.Rbr.GetValueOrDefault(fd);
    }

    private static async ValueTask<int> ep_insert(Cpu cpu, EventPoll ep, uint events, OpenFile tfile, int fd)
    {
        using var f = cpu.Enter();
        var epi = await kmem_cache_alloc<EpItem>(cpu, cpu.World.EpiCache);
        epi.Ep = ep;
        epi.File = tfile;
        epi.Fd = fd;
        epi.Events = events;

        // Initialize the poll table using the queue callback, then poll: for a signalfd this links a pwq into the
        // caller's sighand->signalfd_wqh, which the signalfd file knows nothing about.
        var epq = new PollTable(ep_ptable_queue_proc, epi);
        var revents = await ep_item_poll(cpu, epi, epq);

        await cpu.Touch(tfile, "f_ep_links", Op.ListAdd, "list_add_tail_rcu(&epi->fllink)");
        await cpu.Touch(ep, "rbr", Op.Write, "ep_rbtree_insert");
        ep.Rbr[fd] = epi;

        await spin_lock_irq(cpu, ep.Lock, ep.Generation);
        if (revents != 0 && !epi.RdllinkLinked)
        {
            await cpu.Touch(ep, "rdllist", Op.ListAdd, "ready at insert");
            ep.Rdllist.Add(epi);
            epi.RdllinkLinked = true;
            if (await waitqueue_active(cpu, HeadPtr.To(ep.Wq)))
            {
                await wake_up_locked(cpu, HeadPtr.To(ep.Wq));
            }
        }

        await spin_unlock_irq(cpu, ep.Lock, ep.Generation);
        return 0;
    }

    private static async ValueTask<uint> ep_item_poll(Cpu cpu, EpItem epi, PollTable? pt) =>
        await vfs_poll(cpu, epi.File, pt) & epi.Events;

    /// <summary>The poll_wait hook: add our wait queue to the target file's wakeup list.</summary>
    private static async ValueTask ep_ptable_queue_proc(Cpu cpu, OpenFile file, HeadPtr whead, PollTable pt)
    {
        using var f = cpu.Enter();
        var epi = pt.Epi;
        var pwq = await kmem_cache_alloc<EppollEntry>(cpu, cpu.World.PwqCache);
        pwq.Wait = new WaitQueueEntry(pwq, "wait", ep_poll_callback);
        pwq.Whead = whead;
        pwq.Base = epi;
        if ((epi.Events & EPOLLEXCLUSIVE) != 0)
        {
            await add_wait_queue_exclusive(cpu, whead, pwq.Wait);
        }
        else
        {
            await add_wait_queue(cpu, whead, pwq.Wait);
        }

        await cpu.Touch(epi, "pwqlist", Op.ListAdd, "list_add_tail(&pwq->llink, &epi->pwqlist)");
        epi.Pwqlist.Add(pwq);
        epi.Nwait++;
    }

    public static EppollEntry ep_pwq_from_wait(WaitQueueEntry p) => (EppollEntry)p.Container;

    /// <summary>
    /// The callback passed to the wait queue wakeup mechanism. It runs under the target queue's lock, held by
    /// __wake_up. What it does with POLLFREE is the whole history of this bug (KERNEL.md §3.2, §4.1, §5.1).
    /// </summary>
    public static async ValueTask<int> ep_poll_callback(Cpu cpu, WaitQueueEntry wait, int mode, int sync, uint key)
    {
        using var f = cpu.Enter();
        var handling = cpu.Variant.Pollfree;
        var pollfree = (key & POLLFREE) != 0;
        var pwq = ep_pwq_from_wait(wait);
        await cpu.Touch(pwq, "base", Op.Read, "ep_item_from_wait");
        var epi = pwq.Base;
        await cpu.Touch(epi, "ep", Op.Read);
        var ep = epi.Ep;
        var ewake = 0;

        if (pollfree && handling == PollfreeHandling.UnlinkFirst)
        {
            // d80e731: "simply does list_del_init(task_list)". Exact placement reconstructed [I]. whead stays set.
            await list_del_init(cpu, wait);
        }
        else if (pollfree && handling == PollfreeHandling.NullThenUnlink)
        {
            // 971316f: publish "gone" first, with a plain store.
            await cpu.Touch(pwq, "whead", Op.Write, "pwq->whead = NULL");
            pwq.Whead = null;

            // whead = NULL above can race with ep_remove_wait_queue() which can do another remove_wait_queue()
            // after us, so we can't use __remove_wait_queue(). whead->lock is held by the caller.
            await list_del_init(cpu, wait);
        }

        await spin_lock_irqsave(cpu, ep.Lock, ep.Generation);

        // If the event mask does not contain any poll(2) event, we consider the descriptor to be disabled.
        await cpu.Touch(epi, "event.events", Op.Read);
        if ((epi.Events & ~EP_PRIVATE_BITS) == 0)
        {
            goto out_unlock;
        }

        // Check the events coming with the callback. POLLHUP is always in epi->event.events, so POLLHUP|POLLFREE passes.
        if (key != 0 && (key & epi.Events) == 0)
        {
            goto out_unlock;
        }

        await cpu.Touch(epi, "rdllink", Op.Read, "ep_is_linked");
        if (!epi.RdllinkLinked)
        {
            await cpu.Touch(ep, "rdllist", Op.ListAdd, "list_add_tail(&epi->rdllink, &ep->rdllist)");
            ep.Rdllist.Add(epi);
            epi.RdllinkLinked = true;
        }

        // Wake up (if active) both the eventpoll wait list and the ->poll() wait list.
        if (await waitqueue_active(cpu, HeadPtr.To(ep.Wq)))
        {
            if ((epi.Events & EPOLLEXCLUSIVE) != 0 && !pollfree && (key & POLLIN & epi.Events) != 0)
            {
                ewake = 1;
            }

            await wake_up_locked(cpu, HeadPtr.To(ep.Wq));
        }

        out_unlock:
        await spin_unlock_irqrestore(cpu, ep.Lock, ep.Generation);

        await cpu.Touch(epi, "event.events", Op.Read, "EPOLLEXCLUSIVE?");
        if ((epi.Events & EPOLLEXCLUSIVE) == 0 || (pollfree && cpu.Variant.ExclusivePollfreeWakes))
        {
            ewake = 1;
        }

        if (pollfree && handling == PollfreeHandling.UnlinkThenReleaseNull)
        {
            // 138e4ad: If we race with ep_remove_wait_queue() it can miss ->whead = NULL and do another
            // remove_wait_queue() after us, so we can't use __remove_wait_queue().
            if (cpu.Variant.PollfreeUnlinksWithListDel)
            {
                await list_del(cpu, wait);
            }
            else
            {
                await list_del_init(cpu, wait);
            }

            // ->whead != NULL protects us from the race with ep_free() or ep_remove(), ep_remove_wait_queue() takes
            // whead->lock held by the caller. Once we nullify it, nothing protects ep/epi or even wait.
            await cpu.Touch(pwq, "whead", Op.Write, "smp_store_release(&pwq->whead, NULL)");
            pwq.Whead = null;
        }

        return ewake;
    }

    /// <summary>971316f. The model is sequentially consistent, so rcu_dereference (971316f) and smp_load_acquire
    /// (138e4ad) read the same: the release/acquire pairing matters only for the order of the callback's stores, which
    /// the model executes in program order. KERNEL.md §4.3's "without barriers" window is [I] and not modelled.</summary>
    public static async ValueTask ep_remove_wait_queue(Cpu cpu, EppollEntry pwq)
    {
        using var f = cpu.Enter();
        var rcu = cpu.Variant.Removal != WaitQueueRemoval.NullCheckedWithoutRcu;
        if (rcu)
        {
            rcu_read_lock(cpu);
        }

        // If it is cleared by POLLFREE, it should be rcu-safe. If we read NULL we need a barrier paired with
        // smp_store_release() in ep_poll_callback(), otherwise we rely on whead->lock.
        await cpu.Touch(pwq, "whead", Op.Read, cpu.Variant.Pollfree == PollfreeHandling.UnlinkThenReleaseNull ? "smp_load_acquire" : "rcu_dereference");
        if (pwq.Whead is { } whead)
        {
            await remove_wait_queue(cpu, whead, pwq.Wait);
        }

        if (rcu)
        {
            rcu_read_unlock(cpu);
        }
    }

    /// <summary>Removes all the poll wait queues linked to the epitem, and frees each pwq.</summary>
    private static async ValueTask ep_unregister_pollwait(Cpu cpu, EventPoll ep, EpItem epi)
    {
        using var f = cpu.Enter();
        await cpu.Touch(epi, "nwait", Op.Read);
        if (epi.Nwait == 0)
        {
            return;
        }

        while (epi.Pwqlist.Count > 0)
        {
            var pwq = epi.Pwqlist[0];
            await cpu.Touch(pwq, "llink", Op.ListDel, "list_del(&pwq->llink)");
            epi.Pwqlist.RemoveAt(0);
            if (cpu.Variant.Removal != WaitQueueRemoval.Unconditional)
            {
                // 971316f: ep_unregister_pollwait() can use the freed pwq->whead.
                await ep_remove_wait_queue(cpu, pwq);
            }
            else if (pwq.Whead is { } whead)
            {
                // Before 971316f: whead is never cleared, and nothing keeps its memory alive.
                await remove_wait_queue(cpu, whead, pwq.Wait);
            }
            else
            {
                // Only a mutant gets here: a callback that clears whead, with a remover that does not check it.
                BUG(cpu, "unable to handle kernel NULL pointer dereference (remove_wait_queue(pwq->whead = NULL))");
            }

            await kmem_cache_free(cpu, cpu.World.PwqCache, pwq);
        }

        await cpu.Touch(epi, "nwait", Op.Write, "nwait = 0");
        epi.Nwait = 0;
    }

    private static async ValueTask ep_remove(Cpu cpu, EventPoll ep, EpItem epi)
    {
        using var f = cpu.Enter();
        await ep_unregister_pollwait(cpu, ep, epi);
        await cpu.Touch(epi.File, "f_ep_links", Op.ListDel, "list_del_rcu(&epi->fllink)");
        await cpu.Touch(ep, "rbr", Op.Write, "rb_erase");
        ep.Rbr.Remove(epi.Fd);

        await spin_lock_irqsave(cpu, ep.Lock, ep.Generation);
        await cpu.Touch(epi, "rdllink", Op.Read, "ep_is_linked");
        if (epi.RdllinkLinked)
        {
            await cpu.Touch(ep, "rdllist", Op.ListDel, "list_del_init(&epi->rdllink)");
            ep.Rdllist.Remove(epi);
            epi.RdllinkLinked = false;
        }

        await spin_unlock_irqrestore(cpu, ep.Lock, ep.Generation);
        await kmem_cache_free(cpu, cpu.World.EpiCache, epi);
    }

    /// <summary>Last close of the epoll fd. v3.x does not take ep->mtx here, only epmutex.</summary>
    private static async ValueTask ep_free(Cpu cpu, EventPoll ep)
    {
        using var f = cpu.Enter();
        await mutex_lock(cpu, cpu.World.Globals.Epmutex);

        // Walks through the whole tree by unregistering poll callbacks, then removes the items.
        await cpu.Touch(ep, "rbr", Op.Read, "rb_first");
        var items = ep.Rbr.Values.ToList();
        foreach (var epi in items)
        {
            await ep_unregister_pollwait(cpu, ep, epi);
        }

        foreach (var epi in items)
        {
            await ep_remove(cpu, ep, epi);
        }

        await mutex_unlock(cpu, cpu.World.Globals.Epmutex);
        await kfree(cpu, ep);
    }

    private static async ValueTask ep_eventpoll_release(Cpu cpu, OpenFile file)
    {
        using var f = cpu.Enter();
        await ep_free(cpu, file.Ep!);
    }

    private static async ValueTask<bool> ep_events_available(Cpu cpu, EventPoll ep)
    {
        await cpu.Touch(ep, "rdllist", Op.Read, "ep_events_available");
        return ep.Rdllist.Count > 0;
    }

    public static async ValueTask<int> sys_epoll_wait(Cpu cpu, int epfd, int maxevents)
    {
        using var f = cpu.Enter();
        return fdget(cpu, epfd) is { Ep: { } ep } ? await ep_poll(cpu, ep, maxevents) : -9;
    }

    /// <summary>
    /// epoll_wait with timeout -1. After a wakeup it harvests; an empty harvest goes back to sleep (goto fetch_events).
    /// For a signalfd whose sighand died that is the end: signalfd_poll(NULL) answers for current and never reports
    /// POLLHUP, so the hang-up is lost (KERNEL.md §3.2, [I]). The liveness spec asks for the wakeup, not the return.
    /// </summary>
    private static async ValueTask<int> ep_poll(Cpu cpu, EventPoll ep, int maxevents)
    {
        using var f = cpu.Enter();
        var current = cpu.Current!;
        var res = 0;

        fetch_events:
        await spin_lock_irqsave(cpu, ep.Lock, ep.Generation);
        if (!await ep_events_available(cpu, ep))
        {
            // We don't have any available event to return to the caller. We need to sleep here, and we will be
            // woken by ep_poll_callback() when events become available.
            var wait = new WaitQueueEntry(current, "ep_poll.wait", default_wake_function, current);
            await __add_wait_queue_exclusive(cpu, HeadPtr.To(ep.Wq), wait);
            for (;;)
            {
                current.Sleeping = true; // set_current_state(TASK_INTERRUPTIBLE)
                if (await ep_events_available(cpu, ep))
                {
                    break;
                }

                if (signal_pending(current))
                {
                    res = -4; // EINTR
                    break;
                }

                await spin_unlock_irqrestore(cpu, ep.Lock, ep.Generation);
                EpollSleeps(cpu, ep);
                await schedule(cpu);
                var step = cpu.Note(Op.Wake, $"{current.Comm} woken in ep_poll", ep);
                cpu.World.Observer.Notify(new EpollWoken(step, current.Comm, ep.Name, cpu.World.ProvenanceOf(cpu, step)));
                await spin_lock_irqsave(cpu, ep.Lock, ep.Generation);
            }

            await __remove_wait_queue(cpu, wait);
            current.Sleeping = false;
        }

        var eavail = await ep_events_available(cpu, ep);
        await spin_unlock_irqrestore(cpu, ep.Lock, ep.Generation);

        // Try to transfer events to user space. In case we get 0 events and there's still timeout left over, we go
        // trying again in search of more luck.
        if (res == 0 && eavail && (res = await ep_send_events(cpu, ep, maxevents)) == 0)
        {
            goto fetch_events;
        }

        return res;
    }

    /// <summary>Tells the specs which queues the sleeper depends on: those its entries are still linked into.</summary>
    private static void EpollSleeps(Cpu cpu, EventPoll ep)
    {
        var watched = ep.Rbr.Values
            .SelectMany(epi => epi.Pwqlist)
            .Where(pwq => pwq.Wait.State == ListState.Linked && pwq.Wait.Head is not null)
            .Select(pwq => new WatchedQueue(pwq.Wait.Name, pwq.Wait.Head!.Container.Name))
            .ToList();
        var step = cpu.Note(Op.Sleep, $"{cpu.Current!.Comm} sleeps in ep_poll", ep);
        cpu.World.Observer.Notify(new EpollSleeps(step, cpu.Current!.Comm, ep.Name, watched));
    }

    /// <summary>ep_scan_ready_list(ep, ep_send_events_proc): re-poll each ready item with a NULL table.</summary>
    private static async ValueTask<int> ep_send_events(Cpu cpu, EventPoll ep, int maxevents)
    {
        using var f = cpu.Enter();
        await mutex_lock(cpu, ep.Mtx);
        await spin_lock_irqsave(cpu, ep.Lock, ep.Generation);
        await cpu.Touch(ep, "rdllist", Op.ListDel, "list_splice_init(&ep->rdllist, &txlist)");
        var txlist = ep.Rdllist.ToList();
        ep.Rdllist.Clear();
        await spin_unlock_irqrestore(cpu, ep.Lock, ep.Generation);

        var requeue = new List<EpItem>();
        foreach (var epi in txlist)
        {
            await cpu.Touch(epi, "rdllink", Op.ListDel, "list_del_init(&epi->rdllink)");
            epi.RdllinkLinked = false;

            // signalfd_poll(NULL) answers for the task calling epoll_wait, not the one that did the ADD.
            if (requeue.Count < maxevents && await ep_item_poll(cpu, epi, null) != 0)
            {
                requeue.Add(epi); // level-triggered: back on the ready list
            }
        }

        await spin_lock_irqsave(cpu, ep.Lock, ep.Generation);
        foreach (var epi in requeue.Where(e => !e.RdllinkLinked))
        {
            await cpu.Touch(ep, "rdllist", Op.ListAdd, "requeue level-triggered");
            ep.Rdllist.Add(epi);
            epi.RdllinkLinked = true;
        }

        await spin_unlock_irqrestore(cpu, ep.Lock, ep.Generation);
        await mutex_unlock(cpu, ep.Mtx);
        return requeue.Count;
    }
}
