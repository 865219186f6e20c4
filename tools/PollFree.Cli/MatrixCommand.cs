using System.CommandLine;
using PollFree.Checker;
using PollFree.Kernel;

namespace PollFree.Cli;

internal static class MatrixCommand
{
    public static Command Build(Context ctx)
    {
        var json = new Option<bool>("--json") { Description = "one JSON document on stdout" };
        var budget = new Budget();
        var cmd = new Command("matrix", "Explore every variant × scenario and compare the verdicts with kernel history") { json };
        budget.AddTo(cmd, all: false);
        cmd.SetAction(pr =>
        {
            var o = budget.Resolve(pr, ctx.Config(pr).Defaults);
            var quiet = pr.GetValue(json) || !ctx.Progress;
            var cells = new List<Outcome>();
            foreach (var v in Variant.All)
            {
                foreach (var s in Scenario.All)
                {
                    if (!quiet)
                    {
                        ctx.Err.Write($"\r  {v.Id} × {s.Id,-22} ({cells.Count + 1}/{Variant.All.Count * Scenario.All.Count})");
                    }

                    cells.Add(PollFree.Checker.Checker.Explore(v, s, o));
                }
            }

            if (!quiet)
            {
                ctx.Err.Write("\r" + new string(' ', 60) + "\r");
            }

            var matches = cells.All(History.Matches);
            if (pr.GetValue(json))
            {
                Json.Write(ctx.Out, new
                {
                    strategy = o.Strategy,
                    seed = o.Seed,
                    iterations = o.Iterations,
                    matchesHistory = matches,
                    cells = cells.Select(c => new
                    {
                        variant = c.Variant.Id,
                        commit = c.Variant.Commit,
                        scenario = c.Scenario.Id,
                        verdict = c.Verdict,
                        expected = History.Expected(c.Variant.Id, c.Scenario.Id),
                        matches = History.Matches(c),
                        function = c.Violation?.Function,
                        schedules = c.Schedules,
                        firstBugSchedule = c.FirstBugSchedule,
                        seconds = Math.Round(c.Seconds, 3),
                    }),
                });
            }
            else
            {
                ctx.Out.WriteLine($"{Variant.All.Count} variants × {Scenario.All.Count} scenarios, strategy {o.Strategy}, seed {o.Seed}, up to {o.Iterations} schedules per cell");
                ctx.Out.WriteLine();
                Table.Write(ctx.Out, ["variant", "commit", "scenario", "verdict", "in", "schedules", "seconds", "history"], cells.Select(c => new[]
                {
                    c.Variant.Id,
                    c.Variant.Commit,
                    c.Scenario.Id,
                    c.Verdict,
                    c.Violation?.Function ?? string.Empty,
                    c.FirstBugSchedule is { } n ? $"bug at {n}" : $"{c.Schedules} clean",
                    c.Seconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
                    History.Matches(c) ? "matches" : $"DIFFERS (expected {string.Join("|", History.Expected(c.Variant.Id, c.Scenario.Id))})",
                }));
                ctx.Out.WriteLine();
                var total = cells.Sum(c => c.Schedules);
                var seconds = cells.Sum(c => c.Seconds);
                ctx.Out.WriteLine($"{total} schedules in {seconds:F0} s ({total / Math.Max(seconds, 1e-9):F0} schedules/s)");
                ctx.Out.WriteLine(matches
                    ? $"matrix matches kernel history ({cells.Count}/{cells.Count} cells)"
                    : $"matrix DIFFERS from kernel history ({cells.Count(c => !History.Matches(c))} of {cells.Count} cells)");
            }

            return matches ? App.Ok : App.Bug;
        });
        return cmd;
    }
}
