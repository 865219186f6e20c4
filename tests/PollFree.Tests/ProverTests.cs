using PollFree.Checker;
using PollFree.Kernel;

namespace PollFree.Tests;

/// <summary>Bounded exhaustive search on the cooperative driver: proofs within a preemption bound, and the minimal
/// number of preemptions each historic bug needs.</summary>
public class ProverTests
{
    private const int Bound = 2;

    public static TheoryData<string, string> FixedCells()
    {
        var data = new TheoryData<string, string>();
        foreach (var v in new[] { "v3", "v4" })
        {
            foreach (var s in Scenario.All)
            {
                data.Add(v, s.Id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixedCells))]
    public void FixedVariantIsProvedForEveryScheduleWithinTheBound(string variant, string scenario)
    {
        var p = Prover.Prove(TestSupport.V(variant), TestSupport.S(scenario), Bound);
        Assert.True(p.Violation is null, p.Violation?.Render());
        Assert.True(p.Exhausted, $"{p.Schedules} schedules, not exhausted");
        Assert.True(p.Schedules > 1);
    }

    [Theory]
    [InlineData("v0", "reap-then-close", "INV-A", 0)]
    [InlineData("v1", "reap-then-close", "INV-B", 0)]
    [InlineData("v2", "close-races-reap", "INV-C", 1)]
    public void EachHistoricBugNeedsExactlyThisManyPreemptions(string variant, string scenario, string invariant, int needed)
    {
        var found = Prover.Prove(TestSupport.V(variant), TestSupport.S(scenario), needed);
        Assert.Equal(invariant, found.Violation?.Invariant);
        Assert.True(found.Preemptions <= needed);
        if (needed > 0)
        {
            var below = Prover.Prove(TestSupport.V(variant), TestSupport.S(scenario), needed - 1);
            Assert.True(below.Proved, $"found with {needed - 1}: {below.Violation?.Title}");
        }
    }

    [Fact]
    public void ProverAndCoyoteAgreeOnTheV2Race()
    {
        var proof = Prover.Prove(Variant.V2, Scenario.CloseRacesReap, 1).Violation!;
        var coyote = TestSupport.Explore("v2", "close-races-reap").Violation!;
        Assert.Equal(coyote.Invariant, proof.Invariant);
        Assert.Equal(coyote.Function, proof.Function);
    }

    [Theory]
    [InlineData("exclusive-pollfree-wakes", "exclusive-waiters", "INV-D")]
    [InlineData("list-del", "close-races-reap", "BUG")]
    [InlineData("no-rcu", "close-races-reap", "INV-B")]
    [InlineData("no-signalfd-cleanup", "reap-then-close", "INV-A")]
    public void ProverFindsTheMutantsBugs(string mutation, string scenario, string invariant)
    {
        var mutant = mutation switch
        {
            "exclusive-pollfree-wakes" => Variant.V3 with { ExclusivePollfreeWakes = true },
            "list-del" => Variant.V3 with { PollfreeUnlinksWithListDel = true },
            "no-rcu" => Variant.V3 with { Removal = WaitQueueRemoval.NullCheckedWithoutRcu },
            _ => Variant.V3 with { Cleanup = CleanupWake.None },
        };
        Assert.Equal(invariant, Prover.Prove(mutant, TestSupport.S(scenario), Bound).Violation?.Invariant);
    }

    [Fact]
    public void LivenessIsJudgedAtQuiescence()
    {
        var stranded = Prover.Prove(Variant.V0, Scenario.WaitAcrossReap, 0, specs: [PollFree.Specs.Spec.Live]);
        Assert.Equal("LIVE", stranded.Violation?.Invariant);
        Assert.Contains("X", stranded.Violation!.Title, StringComparison.Ordinal);
        Assert.True(Prover.Prove(Variant.V1, Scenario.WaitAcrossReap, Bound, specs: [PollFree.Specs.Spec.Live]).Proved);
    }
}
