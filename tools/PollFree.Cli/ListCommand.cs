using System.CommandLine;
using PollFree.Kernel;

namespace PollFree.Cli;

internal static class ListCommand
{
    public static Command Build(Context ctx)
    {
        var json = new Option<bool>("--json") { Description = "one JSON document on stdout" };
        var cmd = new Command("list", "List the kernel variants and the scenarios") { json };
        cmd.SetAction(pr =>
        {
            _ = ctx.Config(pr); // a broken coyote.json is reported by every command, not only the exploring ones
            if (pr.GetValue(json))
            {
                Json.Write(ctx.Out, new
                {
                    variants = Variant.All.Select(v => new { id = v.Id, commit = v.Commit, span = v.Span, title = v.Title }),
                    scenarios = Scenario.All.Select(s => new { id = s.Id, story = s.Story, reference = s.Reference }),
                });
                return App.Ok;
            }

            ctx.Out.WriteLine("variants");
            Table.Write(ctx.Out, ["id", "commit", "kernel span", "title"], Variant.All.Select(v => new[] { v.Id, v.Commit, v.Span, v.Title }));
            ctx.Out.WriteLine();
            ctx.Out.WriteLine("scenarios");
            Table.Write(ctx.Out, ["id", "story"], Scenario.All.Select(s => new[] { s.Id, s.Story }));
            return App.Ok;
        });
        return cmd;
    }
}
