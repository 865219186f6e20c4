using System.CommandLine;
using PollFree.Checker;

namespace PollFree.Cli;

/// <summary>Regenerates the replay corpus: one minimised failing schedule per buggy cell of the matrix.</summary>
internal static class CorpusCommand
{
    public const string DefaultDirectory = "tests/schedules";

    public static Command Build(Context ctx)
    {
        var outDir = new Option<string>("--out") { Description = "corpus directory", DefaultValueFactory = _ => DefaultDirectory };
        var cmd = new Command("corpus", "Save a minimised failing schedule for every buggy variant × scenario (the regression corpus)") { outDir };
        cmd.SetAction(pr =>
        {
            IReadOnlyList<(Outcome Outcome, string Path)> saved;
            try
            {
                saved = Corpus.Regenerate(pr.GetRequiredValue(outDir), ctx.Config(pr).Defaults, Artifacts.Readable);
            }
            catch (InvalidOperationException e)
            {
                throw new UsageException(e.Message);
            }

            Table.Write(ctx.Out, ["variant", "scenario", "verdict", "in", "preemptions", "steps", "file"], saved.Select(x => new[]
            {
                x.Outcome.Variant.Id,
                x.Outcome.Scenario.Id,
                x.Outcome.Verdict,
                x.Outcome.Violation!.Function,
                $"{x.Outcome.Shrunk!.FoundPreemptions} -> {x.Outcome.Shrunk.Preemptions}",
                $"{x.Outcome.Shrunk.FoundSteps} -> {x.Outcome.Shrunk.Steps}",
                x.Path,
            }));
            return App.Ok;
        });
        return cmd;
    }
}
