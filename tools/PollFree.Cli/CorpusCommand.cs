using System.CommandLine;
using PollFree.Checker;
using PollFree.Kernel;

namespace PollFree.Cli;

/// <summary>Regenerates the replay corpus: one minimised schedule per buggy cell of the matrix.</summary>
internal static class CorpusCommand
{
    public const string DefaultDirectory = "tests/schedules";

    public static Command Build(Context ctx)
    {
        var outDir = new Option<string>("--out") { Description = "corpus directory", DefaultValueFactory = _ => DefaultDirectory };
        var cmd = new Command("corpus", "Save a minimised failing schedule for every buggy variant × scenario (the regression corpus)") { outDir };
        cmd.SetAction(pr =>
        {
            var dir = pr.GetRequiredValue(outDir);
            var o = ctx.Config(pr).Defaults;
            var rows = new List<string[]>();
            foreach (var v in Variant.All)
            {
                foreach (var s in Scenario.All.Where(s => !History.Expected(v.Id, s.Id).Contains("clean")))
                {
                    var found = PollFree.Checker.Checker.Explore(v, s, o);
                    if (found.Clean)
                    {
                        throw new UsageException($"{v.Id} × {s.Id}: no bug in {found.Schedules} schedules; raise iterations in coyote.json");
                    }

                    var shrunk = Shrinker.Shrink(found);
                    var path = Path.Combine(dir, Corpus.FileName(v, s));
                    TraceFile.WriteAtomic(path, TraceFile.Compose(shrunk));
                    TraceFile.WriteAtomic(Path.ChangeExtension(path, ".txt"), Artifacts.Readable(shrunk));
                    var k = shrunk.Shrunk!;
                    rows.Add([v.Id, s.Id, shrunk.Verdict, shrunk.Violation!.Function, $"{k.FoundPreemptions} -> {k.Preemptions}", $"{k.FoundSteps} -> {k.Steps}", path]);
                }
            }

            Table.Write(ctx.Out, ["variant", "scenario", "verdict", "in", "preemptions", "steps", "file"], rows);
            return App.Ok;
        });
        return cmd;
    }
}
