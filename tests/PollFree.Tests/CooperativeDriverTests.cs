using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Tests;

/// <summary>The kernel layer runs whole scenarios under a trivial deterministic driver, with no Coyote at all.</summary>
public class CooperativeDriverTests
{
    private static (World World, RecordingObserver Events, bool Quiet) Run(Variant v, Scenario s, Func<IReadOnlyList<Cpu>, int> policy)
    {
        var events = new RecordingObserver();
        var driver = new CooperativeDriver(policy);
        var world = new World(v, driver, events);
        s.Boot(world);
        return (world, events, driver.Run(world));
    }

    private static IEnumerable<Func<IReadOnlyList<Cpu>, int>> Policies(int seeds = 20)
    {
        yield return _ => 0; // run the longest-waiting thread
        yield return q => q.Count - 1; // run the most recently preempted thread
        for (var seed = 0; seed < seeds; seed++)
        {
            var random = new Random(seed); // seeded: deterministic
            yield return q => random.Next(q.Count);
        }
    }

    private static IEnumerable<Violation> Violations(RecordingObserver events) =>
        events.Events.SelectMany(e => new[]
        {
            Rules.NoWaiterOutlivesQueue(e), Rules.NoQueueUseAfterFree(e), Rules.NoPollerUseAfterFree(e), Rules.PollfreeReachesEveryWaiter(e),
        }).OfType<Violation>();

    [Fact]
    public void V0ReapThenCloseLeavesTheEntryLinkedInTheFreedSighand()
    {
        var (world, events, quiet) = Run(Variant.V0, Scenario.ReapThenClose, _ => 0);
        Assert.True(quiet);
        var v = Violations(events).First();
        Assert.Equal("INV-A", v.Invariant);
        Assert.Equal("__cleanup_sighand", v.Function);
        Assert.Contains(world.Journal.Steps, s => s.Function == "ep_free");
    }

    [Fact]
    public void V4IsCleanInEveryScenarioUnderEveryPolicy()
    {
        foreach (var scenario in Scenario.All)
        {
            foreach (var policy in Policies())
            {
                var (_, events, quiet) = Run(Variant.V4, scenario, policy);
                Assert.True(quiet, scenario.Id);
                Assert.Empty(Violations(events));
            }
        }
    }

    [Fact]
    public void V2CloseRacesReapIsFoundByASeededRandomPolicy()
    {
        var found = Policies(seeds: 5000).Select(p => Violations(Run(Variant.V2, Scenario.CloseRacesReap, p).Events).FirstOrDefault())
            .FirstOrDefault(v => v is not null);
        Assert.NotNull(found);
        Assert.Equal("INV-C", found.Invariant);
        Assert.Equal("ep_poll_callback", found.Function);
    }

    [Fact]
    public void SamePolicySameJournal()
    {
        var a = Run(Variant.V3, Scenario.SignalDuringReap, q => q.Count - 1).World.Journal.Steps;
        var b = Run(Variant.V3, Scenario.SignalDuringReap, q => q.Count - 1).World.Journal.Steps;
        Assert.Equal(a.Select(s => s.ToString()), b.Select(s => s.ToString()));
        Assert.True(a.Count > 50);
    }
}
