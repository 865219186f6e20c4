using System.CommandLine;
using System.Diagnostics;
using PollFree.Checker;
using PollFree.Kernel;

namespace PollFree.Cli;

/// <summary>The speed benchmark: Coyote and the in-process prover on every scenario of v4, results to a file.</summary>
internal static class BenchCommand
{
    public static Command Build(Context ctx)
    {
        var outFile = new Option<string>("--out") { Description = "where to write the results (JSON)", DefaultValueFactory = _ => "out/bench.json" };
        var iterations = new Option<long>("--iterations") { Description = "Coyote schedules per scenario", DefaultValueFactory = _ => 1000 };
        var cmd = new Command("bench", "Measure schedules/s of Coyote and of the prover per scenario; write them to a file (pin it: taskset -c 0)") { outFile, iterations };
        cmd.SetAction(pr =>
        {
            var n = pr.GetValue(iterations);
            if (n is < 1 or > 1_000_000)
            {
                throw new UsageException($"--iterations: {n} is out of range (1..1000000)");
            }

            var o = ctx.Config(pr).Defaults with { Iterations = (uint)n };
            var rows = new List<object>();
            var table = new List<string[]>();
            foreach (var s in Scenario.All)
            {
                var coyote = PollFree.Checker.Checker.Explore(Variant.V4, s, o);
                var proof = Prover.Prove(Variant.V4, s, 2);
                rows.Add(new
                {
                    scenario = s.Id,
                    coyote = new { strategy = o.Strategy, schedules = coyote.Schedules, steps = coyote.Steps, seconds = Math.Round(coyote.Seconds, 3), schedulesPerSecond = Math.Round(coyote.SchedulesPerSecond, 1) },
                    prover = new { preemptions = 2, schedules = proof.Schedules, seconds = Math.Round(proof.Seconds, 3), schedulesPerSecond = Math.Round(proof.SchedulesPerSecond, 1) },
                });
                table.Add([s.Id, $"{coyote.SchedulesPerSecond:F0}", $"{(coyote.Schedules > 0 ? coyote.Steps / coyote.Schedules : 0)}", $"{proof.SchedulesPerSecond:F0}", $"{proof.Schedules}"]);
            }

            var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
            var doc = new { version = TraceFile.Version, variant = "v4", processorCount = Environment.ProcessorCount, peakWorkingSetMiB = peak, scenarios = rows };
            var path = pr.GetRequiredValue(outFile);
            try
            {
                TraceFile.WriteAtomic(path, System.Text.Json.JsonSerializer.Serialize(doc, Json.Options) + "\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--out: cannot write '{path}': {e.Message}");
            }

            Table.Write(ctx.Out, ["scenario", "coyote sched/s", "steps/sched", "prover sched/s", "prover schedules (K=2)"], table);
            ctx.Out.WriteLine($"peak working set {peak} MiB; wrote {path}");
            return App.Ok;
        });
        return cmd;
    }
}
