using System.CommandLine;
using PollFree.Checker;

namespace PollFree.Cli;

internal static class ShowCommand
{
    public static Command Build(Context ctx)
    {
        var file = new Argument<string>("file") { Description = "a .trace written by `pollfree explore`" };
        var html = new Option<string?>("--html") { Description = "write a self-contained HTML swimlane view to this file instead of printing the interleaving" };
        var cmd = new Command("show", "Print a saved schedule as an interleaving in kernel vocabulary, one column per actor") { file, html };
        cmd.SetAction(pr =>
        {
            var path = pr.GetRequiredValue(file);
            var (meta, _, o, _) = Replayed.Run(path, ctx.Config(pr).Defaults);
            var title = $"{meta.Variant} ({meta.Commit}) × {meta.Scenario}: {o.Scenario.Story}";
            if (pr.GetValue(html) is { } page)
            {
                Write(page, Swimlane.Html(o.Journal, o.Violation, title));
                ctx.Out.WriteLine($"wrote {page}");
                return App.Ok;
            }

            ctx.Out.WriteLine(title);
            ctx.Out.WriteLine($"{o.Journal.Count} steps; {(o.Violation is { } v ? $"{v.Invariant} at step {v.Step}: {v.Title}" : "no violation")}");
            ctx.Out.WriteLine();
            ctx.Out.Write(Interleaving.Render(o.Journal, o.Violation));
            return App.Ok;
        });
        return cmd;
    }

    private static void Write(string path, string content)
    {
        try
        {
            TraceFile.WriteAtomic(path, content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{path}: cannot write: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }
}
