using PollFree.Checker;

namespace PollFree.Cli;

/// <summary>The files a failing schedule leaves behind: the trace and its readable report.</summary>
internal static class Artifacts
{
    public static (string Trace, string Text) Save(Outcome o, string dir)
    {
        var trace = Path.Combine(dir, TraceFile.FileName(o));
        var text = Path.ChangeExtension(trace, ".txt");
        TraceFile.WriteAtomic(trace, TraceFile.Compose(o));
        TraceFile.WriteAtomic(text, Readable(o));
        return (trace, text);
    }

    public static string Readable(Outcome o) =>
        $"PollFree {TraceFile.Version}: {o.Variant.Id} ({o.Variant.Commit}) × {o.Scenario.Id}, strategy {o.Options.Strategy}, seed {o.Options.Seed}, schedule {o.FirstBugSchedule}\n" +
        $"{o.Scenario.Story}\n\n" +
        (o.Violation?.Render(marker: false) ?? "clean\n") + "\n" +
        Interleaving.Render(o.Journal, o.Violation);
}
