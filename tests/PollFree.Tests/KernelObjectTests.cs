using PollFree.Kernel;
using static PollFree.Kernel.Linux;

namespace PollFree.Tests;

/// <summary>The object semantics the verdicts rest on, run under the cooperative driver (no Coyote).</summary>
public class KernelObjectTests
{
    private static (World World, RecordingObserver Events, CooperativeDriver Driver) Boot()
    {
        var events = new RecordingObserver();
        var driver = new CooperativeDriver();
        return (new World(Variant.V4, driver, events), events, driver);
    }

    private static ValueTask<int> Wakes(Cpu cpu, WaitQueueEntry wait, int mode, int sync, uint key) => ValueTask.FromResult(1);

    [Fact]
    public void ListDelPoisonsAndASecondListDelIsABug()
    {
        var (w, events, driver) = Boot();
        var states = new List<ListState>();
        w.Spawn("T", w.BootTask("T"), async cpu =>
        {
            var head = HeadPtr.To(cpu.Current!.Sighand!.Value.Target.SignalfdWqh);
            var pwq = await kmem_cache_alloc<EppollEntry>(cpu, w.PwqCache);
            var e = new WaitQueueEntry(pwq, "wait", Wakes);
            await add_wait_queue(cpu, head, e);
            states.Add(e.State);
            await list_del_init(cpu, e);
            states.Add(e.State);
            Assert.Empty(head.Head.Entries);
            await list_del(cpu, e); // harmless on a self-linked entry
            states.Add(e.State);
            await list_del(cpu, e); // LIST_POISON1
        });

        var panic = Assert.Throws<KernelPanicException>(() => driver.Run(w));
        Assert.Contains("list_del corruption", panic.Message, StringComparison.Ordinal);
        Assert.Equal([ListState.Linked, ListState.SelfLinked, ListState.Poisoned], states);
        Assert.Single(events.Events.OfType<KernelBug>());
    }

    [Fact]
    public void TypesafeSlotIsReusedWithoutItsConstructorAndKeepsItsLinkedEntries()
    {
        var (w, events, driver) = Boot();
        SighandStruct? freed = null;
        SighandStruct? reused = null;
        w.Spawn("T", w.BootTask("T"), async cpu =>
        {
            var sh = await kmem_cache_alloc<SighandStruct>(cpu, w.SighandCachep);
            var pwq = await kmem_cache_alloc<EppollEntry>(cpu, w.PwqCache);
            await add_wait_queue(cpu, HeadPtr.To(sh.SignalfdWqh), new WaitQueueEntry(pwq, "wait", Wakes));
            await kmem_cache_free(cpu, w.SighandCachep, sh);
            freed = sh;
            reused = await kmem_cache_alloc<SighandStruct>(cpu, w.SighandCachep);
        });

        Assert.True(driver.Run(w));
        Assert.Same(freed, reused);
        Assert.Equal(2, reused!.Generation);
        Assert.Single(reused.SignalfdWqh.Entries); // the ctor did not run again (KERNEL.md §2.3 I0-a step 3)
        var free = Assert.Single(events.Events.OfType<ObjectFreed>());
        Assert.Single(free.StillLinked);
    }

    [Fact]
    public void PlainCacheNeverReusesAFreedObject()
    {
        var (w, _, driver) = Boot();
        var objects = new List<KObject>();
        w.Spawn("T", w.BootTask("T"), async cpu =>
        {
            var a = await kmem_cache_alloc<EppollEntry>(cpu, w.PwqCache);
            await kmem_cache_free(cpu, w.PwqCache, a);
            objects.Add(a);
            objects.Add(await kmem_cache_alloc<EppollEntry>(cpu, w.PwqCache));
        });

        Assert.True(driver.Run(w));
        Assert.NotSame(objects[0], objects[1]);
        Assert.Equal(Lifetime.Freed, objects[0].State);
    }

    [Fact]
    public void GracePeriodWaitsForAReaderThatBeganBeforeItThenFreesThePage()
    {
        var (w, events, driver) = Boot();
        var inRcu = new Completion("reader in rcu");
        var freedBarrier = new Completion("freed");
        var seenByReader = new List<Lifetime>();
        SighandStruct? sh = null;
        w.Spawn("reader", w.BootTask("reader"), async cpu =>
        {
            rcu_read_lock(cpu);
            inRcu.Complete();
            await cpu.WaitFor(freedBarrier);
            for (var i = 0; i < 3; i++)
            {
                await spin_lock(cpu, sh!.Siglock);
                seenByReader.Add(sh.State);
                await spin_unlock(cpu, sh.Siglock);
            }

            rcu_read_unlock(cpu);
        });
        w.Spawn("freer", w.BootTask("freer"), async cpu =>
        {
            sh = await kmem_cache_alloc<SighandStruct>(cpu, w.SighandCachep);
            await cpu.WaitFor(inRcu);
            await kmem_cache_free(cpu, w.SighandCachep, sh);
            freedBarrier.Complete();
        });

        Assert.True(driver.Run(w));
        Assert.All(seenByReader, s => Assert.Equal(Lifetime.Freed, s)); // type-stable while the reader is inside
        Assert.Equal(Lifetime.PageFreed, sh!.State);
        Assert.Equal(1, w.Rcu.GracePeriodsCompleted);
        var accesses = events.Events.OfType<MemoryAccess>().ToList();
        Assert.NotEmpty(accesses);
        Assert.All(accesses, a => Assert.True(PollFree.Specs.Rules.IsLegal(a)));
    }

    [Fact]
    public void AccessToFreedTypesafeMemoryOutsideRcuIsIllegal()
    {
        var (w, events, driver) = Boot();
        w.Spawn("T", w.BootTask("T"), async cpu =>
        {
            var sh = await kmem_cache_alloc<SighandStruct>(cpu, w.SighandCachep);
            await kmem_cache_free(cpu, w.SighandCachep, sh);
            await spin_lock(cpu, sh.Siglock);
        });

        Assert.True(driver.Run(w));
        var access = Assert.Single(events.Events.OfType<MemoryAccess>());
        Assert.False(PollFree.Specs.Rules.IsLegal(access));
        Assert.Equal(Op.Lock, access.Op);
        Assert.Equal("siglock", access.Field);
    }

    [Fact]
    public void ContendedLockBlocksUntilItsOwnerUnlocksAndRecordsOwners()
    {
        var (w, _, driver) = Boot();
        var order = new List<string>();
        var g = w.Globals;
        foreach (var name in new[] { "A", "B" })
        {
            w.Spawn(name, w.BootTask(name), async cpu =>
            {
                await spin_lock(cpu, g.TasklistLock);
                order.Add($"{name} got it, owner {g.TasklistLock.Owner!.Name}");
                await cpu.Touch(g, "x", Op.Read);
                await cpu.Touch(g, "x", Op.Read);
                order.Add($"{name} releases");
                await spin_unlock(cpu, g.TasklistLock);
            });
        }

        Assert.True(driver.Run(w));
        Assert.Equal(["A got it, owner A", "A releases", "B got it, owner B", "B releases"], order);
        Assert.Null(g.TasklistLock.Owner);
        Assert.Contains(w.Journal.Steps, s => s.Actor == "B" && s.Op == Op.Sleep && s.Detail!.Contains("held by A", StringComparison.Ordinal));
    }

    [Fact]
    public void UnlockByANonOwnerIsABug()
    {
        var (w, _, driver) = Boot();
        w.Spawn("T", w.BootTask("T"), cpu => spin_unlock(cpu, w.Globals.TasklistLock));
        Assert.Throws<KernelPanicException>(() => driver.Run(w));
    }

    [Theory]
    [InlineData(1, 1)] // wake_up_poll: stops after the first exclusive waiter that returned nonzero
    [InlineData(0, 2)] // wake_up_pollfree: everyone
    public void WakeUpStopsAfterNrExclusiveExclusiveWaiters(int nrExclusive, int expectedCalls)
    {
        var (w, _, driver) = Boot();
        var calls = 0;
        w.Spawn("T", w.BootTask("T"), async cpu =>
        {
            var head = HeadPtr.To(cpu.Current!.Sighand!.Value.Target.SignalfdWqh);
            for (var i = 0; i < 2; i++)
            {
                var pwq = await kmem_cache_alloc<EppollEntry>(cpu, w.PwqCache);
                await add_wait_queue_exclusive(cpu, head, new WaitQueueEntry(pwq, "wait", (_, _, _, _, _) => { calls++; return ValueTask.FromResult(1); }));
            }

            await __wake_up(cpu, head, TASK_NORMAL, nrExclusive, POLLHUP | POLLFREE);
        });

        Assert.True(driver.Run(w));
        Assert.Equal(expectedCalls, calls);
    }

    [Fact]
    public void WakeUpToleratesACallbackThatUnlinksItself()
    {
        var (w, _, driver) = Boot();
        var calls = 0;
        WaitQueueHead? head = null;
        w.Spawn("T", w.BootTask("T"), async cpu =>
        {
            var h = HeadPtr.To(cpu.Current!.Sighand!.Value.Target.SignalfdWqh);
            head = h.Head;
            for (var i = 0; i < 3; i++)
            {
                var pwq = await kmem_cache_alloc<EppollEntry>(cpu, w.PwqCache);
                await add_wait_queue(cpu, h, new WaitQueueEntry(pwq, "wait", async (c, e, _, _, _) => { calls++; await list_del_init(c, e); return 1; }));
            }

            await __wake_up(cpu, h, TASK_NORMAL, 0, POLLFREE);
        });

        Assert.True(driver.Run(w));
        Assert.Equal(3, calls);
        Assert.Empty(head!.Entries);
    }
}
