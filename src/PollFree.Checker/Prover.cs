using System.Diagnostics;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Checker;

/// <summary>The result of a bounded exhaustive search.</summary>
public sealed record Proof(
    Variant Variant,
    Scenario Scenario,
    int PreemptionBound,
    long Schedules,
    bool Exhausted,
    Violation? Violation,
    int Preemptions,
    IReadOnlyList<Step> Journal,
    double Seconds)
{
    /// <summary>Every schedule within the bound was run and none broke an invariant.</summary>
    public bool Proved => this.Exhausted && this.Violation is null;

    public double SchedulesPerSecond => this.Seconds > 0 ? this.Schedules / this.Seconds : 0;
}

/// <summary>
/// A preemption-bounded, stateless depth-first search over every schedule of one variant × scenario, on the
/// in-process cooperative driver (the same kernel code, no Coyote): each schedule is re-executed from boot, and at
/// each scheduling point with more than one runnable thread every choice is tried whose preemptions stay within the
/// bound (switching away from a thread that could go on costs one; switching after it blocked or finished is free).
/// When the search exhausts the bound with no violation, the invariants hold for all those schedules: a proof
/// within stated bounds, not a sample. The specs are judged by the same pure rules the Coyote monitors use.
/// </summary>
public static class Prover
{
    public static Proof Prove(Variant variant, Scenario scenario, int maxPreemptions, long maxSchedules = 2_000_000, IReadOnlyList<Spec>? specs = null)
    {
        specs ??= Spec.All;
        var clock = Stopwatch.StartNew();
        var stack = new List<ChoicePoint>();
        long schedules = 0;
        for (;;)
        {
            var run = Execute(variant, scenario, stack, specs);
            schedules++;
            if (run.Violation is not null)
            {
                return new Proof(variant, scenario, maxPreemptions, schedules, false, run.Violation, run.Preemptions, run.Journal, clock.Elapsed.TotalSeconds);
            }

            while (stack.Count > 0 && !stack[^1].Advance(maxPreemptions))
            {
                stack.RemoveAt(stack.Count - 1);
            }

            if (stack.Count == 0 || schedules >= maxSchedules)
            {
                return new Proof(variant, scenario, maxPreemptions, schedules, stack.Count == 0, null, 0, [], clock.Elapsed.TotalSeconds);
            }
        }
    }

    private static (Violation? Violation, int Preemptions, IReadOnlyList<Step> Journal) Execute(
        Variant variant, Scenario scenario, List<ChoicePoint> stack, IReadOnlyList<Spec> specs)
    {
        var observer = new RuleObserver(specs);
        var depth = 0;
        var driver = new CooperativeDriver((runnable, last) =>
        {
            // Threads are named per world; a re-execution replays the same choices by name (it is deterministic).
            var names = runnable.Select(c => c.Name).ToList();
            if (depth >= stack.Count)
            {
                var before = depth == 0 ? 0 : stack[depth - 1].PreemptionsAfter;
                stack.Add(new ChoicePoint(names, last is not null && runnable.Contains(last) ? last.Name : null, before));
            }

            return names.IndexOf(stack[depth++].Chosen);
        });
        var world = new World(variant, driver, observer);
        scenario.Boot(world);
        try
        {
            driver.Run(world);
        }
        catch (RuleObserver.Stop)
        {
        }
        catch (KernelPanicException)
        {
            // the BUG event already reached the observer
        }

        var preemptions = depth == 0 ? 0 : stack[depth - 1].PreemptionsAfter;
        return (observer.Violation ?? observer.AtQuiescence(world), preemptions, world.Journal.Steps);
    }

    /// <summary>One scheduling point: the runnable threads, the one that ran last if it could go on, and the choice.</summary>
    private sealed class ChoicePoint
    {
        private readonly List<string> options;
        private readonly string? current;
        private readonly int before;
        private int index;

        public ChoicePoint(List<string> options, string? current, int before)
        {
            this.options = options;
            this.current = current;
            this.before = before;

            // The default is free: go on with the current thread, or the first one when it blocked.
            this.index = current is null ? 0 : options.IndexOf(current);
            this.Tried = [this.index];
        }

        public string Chosen => this.options[this.index];

        public int PreemptionsAfter => this.before + this.Cost(this.index);

        private HashSet<int> Tried { get; }

        /// <summary>Moves to the next untried choice within the bound; false when there is none.</summary>
        public bool Advance(int bound)
        {
            for (var i = 0; i < this.options.Count; i++)
            {
                if (!this.Tried.Contains(i) && this.before + this.Cost(i) <= bound)
                {
                    this.Tried.Add(i);
                    this.index = i;
                    return true;
                }
            }

            return false;
        }

        private int Cost(int i) => this.current is not null && this.options[i] != this.current ? 1 : 0;
    }

    /// <summary>Applies every spec's rule to each event; stops the schedule at the first violation.</summary>
    private sealed class RuleObserver : IKernelObserver
    {
        private readonly Func<KernelEvent, Violation?>[] safety;
        private readonly bool liveness;
        private readonly SleeperTracker sleepers = new();

        public RuleObserver(IReadOnlyList<Spec> specs)
        {
            this.safety = [.. specs.Select(s => s.Rule).OfType<Func<KernelEvent, Violation?>>()];
            this.liveness = specs.Contains(Spec.Live);
        }

        public Violation? Violation { get; private set; }

        public void Notify(KernelEvent e)
        {
            this.sleepers.On(e);
            foreach (var rule in this.safety)
            {
                if (rule(e) is { } v)
                {
                    this.Violation = v;
                    if (e is not KernelBug)
                    {
                        throw new Stop();
                    }
                }
            }
        }

        /// <summary>At quiescence: a sleeper nobody will wake is the liveness violation.</summary>
        public Violation? AtQuiescence(World world) =>
            !this.liveness || this.sleepers.Stranded.Count == 0 ? null : Verdicts.Liveness(world);

        public sealed class Stop : Exception
        {
            public Stop()
                : base("violation")
            {
            }

            public Stop(string message)
                : base(message)
            {
            }

            public Stop(string message, Exception inner)
                : base(message, inner)
            {
            }
        }
    }
}
