using System.CommandLine;
using PollFree.Checker;

namespace PollFree.Cli;

internal static class ReplayCommand
{
    public static Command Build(Context ctx)
    {
        var file = new Argument<string>("file") { Description = "a .trace written by `pollfree explore`" };
        var against = new Option<string?>("--variant") { Description = "replay against another variant (default: the one recorded)" };
        var json = new Option<bool>("--json") { Description = "one JSON document on stdout" };
        var cmd = new Command("replay", "Re-run a saved schedule against the variant and scenario recorded in it") { file, against, json };
        cmd.SetAction(pr =>
        {
            var path = pr.GetRequiredValue(file);
            var other = pr.GetValue(against) is { } key ? Context.Variant(key) : null;
            var r = other is null ? Replayed.Run(path, ctx.Config(pr).Defaults) : Corpus.Replay(path, ctx.Config(pr).Defaults, other);
            var (meta, _, o, _) = r;
            var variant = other?.Id ?? meta.Variant;
            if (pr.GetValue(json))
            {
                Json.Write(ctx.Out, new
                {
                    file = path,
                    variant,
                    scenario = meta.Scenario,
                    recorded = new { variant = meta.Variant, invariant = meta.Invariant, function = meta.Function },
                    result = Words(r.Result),
                    reproduced = r.Result == Corpus.Result.Reproduced,
                    verdict = o.Verdict,
                    violation = Documents.Violation(o.Violation),
                    divergesAt = r.Divergence?.Index,
                });
            }
            else
            {
                if (o.Violation is { } found)
                {
                    ctx.Out.Write(found.Render(marker: false));
                }

                ctx.Out.WriteLine(r.Result switch
                {
                    Corpus.Result.Reproduced => $"reproduced {meta.Invariant} in {meta.Function} ({variant} × {meta.Scenario}), violation at step {o.Violation!.Step}",
                    Corpus.Result.Different => $"the schedule now ends in {o.Violation!.Invariant} in {o.Violation.Function} on {variant}; it was recorded as {meta.Invariant} in {meta.Function} on {meta.Variant}",
                    Corpus.Result.DoesNotApply => $"does not apply: {variant} leaves the recorded schedule at step {r.Divergence?.Index} ('{r.Divergence?.Recorded}' recorded, '{r.Divergence?.Now ?? "(end)"}' now); no violation",
                    _ => $"clean: the schedule replays to its end on {variant} × {meta.Scenario} without a violation",
                });
            }

            return o.Clean ? App.Ok : App.Bug;
        });
        return cmd;
    }

    private static string Words(Corpus.Result r) => r switch
    {
        Corpus.Result.DoesNotApply => "does-not-apply",
        _ => r.ToString().ToLowerInvariant(),
    };
}

/// <summary>Replays a trace against its own variant; a schedule that no longer fits the model is bad input, with
/// where it stopped matching.</summary>
internal static class Replayed
{
    public static Corpus.Replayed Run(string path, ExploreOptions defaults)
    {
        var r = Corpus.Replay(path, defaults);
        if (r.Result == Corpus.Result.DoesNotApply)
        {
            var d = r.Divergence;
            throw new TraceFileException(d is null
                ? $"{path}: Coyote cannot replay it: {r.Outcome.BugReport?.Split('\n')[0]}"
                : $"{path}: does not match the current model: step {d.Value.Index} was recorded as '{d.Value.Recorded ?? "(end)"}' but the model now does '{d.Value.Now ?? "(end)"}'");
        }

        return r;
    }
}
