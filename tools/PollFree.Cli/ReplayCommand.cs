using System.CommandLine;
using PollFree.Checker;

namespace PollFree.Cli;

internal static class ReplayCommand
{
    public static Command Build(Context ctx)
    {
        var file = new Argument<string>("file") { Description = "a .trace written by `pollfree explore`" };
        var json = new Option<bool>("--json") { Description = "one JSON document on stdout" };
        var cmd = new Command("replay", "Re-run a saved schedule against the variant and scenario recorded in it") { file, json };
        cmd.SetAction(pr =>
        {
            var path = pr.GetRequiredValue(file);
            var (meta, o) = Replayed.Run(path, ctx.Config(pr).Defaults);
            var reproduced = o.Violation is { } v && v.Invariant == meta.Invariant && v.Function == meta.Function;
            if (pr.GetValue(json))
            {
                Json.Write(ctx.Out, new
                {
                    file = path,
                    variant = meta.Variant,
                    scenario = meta.Scenario,
                    recorded = new { invariant = meta.Invariant, function = meta.Function },
                    reproduced,
                    verdict = o.Verdict,
                    violation = Documents.Violation(o.Violation),
                });
            }
            else if (o.Violation is { } found)
            {
                ctx.Out.Write(found.Render(marker: false));
                ctx.Out.WriteLine(reproduced
                    ? $"reproduced {meta.Invariant} in {meta.Function} ({meta.Variant} × {meta.Scenario}), violation at step {found.Step}"
                    : $"the schedule now ends in {found.Invariant} in {found.Function}; it was recorded as {meta.Invariant} in {meta.Function}");
            }
            else
            {
                ctx.Out.WriteLine($"clean: the schedule replays to its end on {meta.Variant} × {meta.Scenario} without a violation");
            }

            return o.Clean ? App.Ok : App.Bug;
        });
        return cmd;
    }
}

/// <summary>Reads and replays a trace file; a schedule that no longer fits the model is bad input, with where it stopped matching.</summary>
internal static class Replayed
{
    public static (TraceMetadata Meta, Outcome Outcome) Run(string path, ExploreOptions defaults)
    {
        var (meta, variant, scenario, trace) = TraceFile.Read(path);
        Outcome o;
        try
        {
            o = PollFree.Checker.Checker.Replay(variant, scenario, trace, defaults with { Strategy = meta.Strategy, Seed = meta.Seed });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new TraceFileException($"{path}: Coyote cannot replay it: {e.Message.Split('\n')[0]}");
        }

        if (o.Clean && TraceFile.Divergence(meta.Events, o.Journal) is { } d)
        {
            throw new TraceFileException(
                $"{path}: does not match the current model: step {d.Index} was recorded as '{d.Recorded ?? "(end)"}' but the model now does '{d.Now ?? "(end)"}'");
        }

        return (meta, o);
    }
}
