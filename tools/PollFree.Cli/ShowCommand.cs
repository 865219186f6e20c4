using System.CommandLine;
using PollFree.Checker;

namespace PollFree.Cli;

internal static class ShowCommand
{
    public static Command Build(Context ctx)
    {
        var file = new Argument<string>("file") { Description = "a .trace written by `pollfree explore`" };
        var cmd = new Command("show", "Print a saved schedule as an interleaving in kernel vocabulary, one column per actor") { file };
        cmd.SetAction(pr =>
        {
            var path = pr.GetRequiredValue(file);
            var meta = TraceFile.Read(path).Meta;
            var o = Replayed.Run(path, ctx.Config(pr).Defaults).Outcome;
            ctx.Out.WriteLine($"{meta.Variant} ({meta.Commit}) × {meta.Scenario}: {o.Scenario.Story}");
            ctx.Out.WriteLine($"{o.Journal.Count} steps; {(o.Violation is { } v ? $"{v.Invariant} at step {v.Step}: {v.Title}" : "no violation")}");
            ctx.Out.WriteLine();
            ctx.Out.Write(Interleaving.Render(o.Journal, o.Violation));
            return App.Ok;
        });
        return cmd;
    }
}
