using System.CommandLine;
using PollFree.Checker;
using PollFree.Kernel;

namespace PollFree.Cli;

/// <summary>Bounded exhaustive search (no Coyote): every schedule with at most K preemptions.</summary>
internal static class ProveCommand
{
    public const int MaxBound = 6;

    public static Command Build(Context ctx)
    {
        var variant = new Option<string?>("--variant") { Description = "variant id or commit prefix (default: every variant)" };
        var scenario = new Option<string?>("--scenario") { Description = "scenario id (default: every scenario)" };
        var bound = new Option<int>("--preemptions") { Description = $"preemption bound (0..{MaxBound})", DefaultValueFactory = _ => 2 };
        var max = new Option<long>("--max-schedules") { Description = "stop after this many schedules per cell", DefaultValueFactory = _ => 2_000_000 };
        var json = new Option<bool>("--json") { Description = "one JSON document on stdout" };
        var cmd = new Command("prove", "Run every schedule with at most K preemptions (in-process, exhaustive) and report proofs or counterexamples")
        {
            variant, scenario, bound, max, json,
        };
        cmd.SetAction(pr =>
        {
            var k = pr.GetValue(bound);
            if (k is < 0 or > MaxBound)
            {
                throw new UsageException($"--preemptions: {k} is out of range (0..{MaxBound})");
            }

            var limit = pr.GetValue(max);
            if (limit is < 1 or > 1_000_000_000)
            {
                throw new UsageException($"--max-schedules: {limit} is out of range (1..1000000000)");
            }

            var variants = pr.GetValue(variant) is { } vk ? [Context.Variant(vk)] : Variant.All;
            var scenarios = pr.GetValue(scenario) is { } sk ? [Context.Scenario(sk)] : Scenario.All;
            var proofs = variants.SelectMany(v => scenarios.Select(s => Prover.Prove(v, s, k, limit))).ToList();
            var single = proofs.Count == 1;
            if (pr.GetValue(json))
            {
                Json.Write(ctx.Out, new
                {
                    preemptions = k,
                    cells = proofs.Select(p => new
                    {
                        variant = p.Variant.Id,
                        scenario = p.Scenario.Id,
                        proved = p.Proved,
                        exhausted = p.Exhausted,
                        schedules = p.Schedules,
                        seconds = Math.Round(p.Seconds, 3),
                        violation = Documents.Violation(p.Violation),
                        counterexamplePreemptions = p.Violation is null ? (int?)null : p.Preemptions,
                        matchesHistory = History.Matches(p),
                    }),
                });
            }
            else if (single && proofs[0].Violation is { } v)
            {
                var p = proofs[0];
                ctx.Out.Write(v.Render(marker: false));
                ctx.Out.WriteLine($"counterexample with {p.Preemptions} preemption(s), schedule {p.Schedules} of the bounded search:");
                ctx.Out.WriteLine();
                ctx.Out.Write(Interleaving.Render(p.Journal, v));
            }
            else
            {
                Table.Write(ctx.Out, ["variant", "scenario", "result", "schedules", "seconds", "history"], proofs.Select(p => new[]
                {
                    p.Variant.Id,
                    p.Scenario.Id,
                    p.Violation is { } found ? $"{found.Invariant} in {found.Function} ({p.Preemptions} preemptions)" : p.Exhausted ? $"proved (<= {k} preemptions)" : "INCOMPLETE (budget spent)",
                    p.Schedules.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    p.Seconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
                    History.Matches(p) ? "matches" : "DIFFERS",
                }));
            }

            return single ? (proofs[0].Violation is null ? App.Ok : App.Bug) : (proofs.All(History.Matches) ? App.Ok : App.Bug);
        });
        return cmd;
    }
}
