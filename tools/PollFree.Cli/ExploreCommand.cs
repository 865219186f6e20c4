using System.CommandLine;
using PollFree.Checker;

namespace PollFree.Cli;

internal static class ExploreCommand
{
    public static Command Build(Context ctx)
    {
        var variant = new Option<string>("--variant") { Description = "variant id (v0..v4) or commit prefix", Required = true };
        var scenario = new Option<string>("--scenario") { Description = "scenario id (see `pollfree list`)", Required = true };
        var outDir = new Option<string?>("--out") { Description = "directory for failing schedules (default: coyote.json outputDirectory)" };
        var json = new Option<bool>("--json") { Description = "one JSON document on stdout" };
        var noShrink = new Option<bool>("--no-shrink") { Description = "save the schedule as found, without minimising it" };
        var budget = new Budget();
        var cmd = new Command("explore", "Explore interleavings of one variant × scenario; save the first failing schedule, minimised") { variant, scenario, outDir, json, noShrink };
        budget.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var v = Context.Variant(pr.GetRequiredValue(variant));
            var s = Context.Scenario(pr.GetRequiredValue(scenario));
            var o = budget.Resolve(pr, ctx.Config(pr).Defaults);
            var dir = pr.GetValue(outDir) ?? o.OutputDirectory;
            o = o with { OutputDirectory = dir };
            EnsureWritable(dir);

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            Outcome outcome;
            try
            {
                var progress = ctx.Progress && !pr.GetValue(json) ? new Progress(ctx.Err) : null;
                outcome = PollFree.Checker.Checker.Explore(v, s, o, progress, cancel.Token);
                progress?.Done();
                if (!outcome.Clean && !pr.GetValue(noShrink) && !cancel.IsCancellationRequested)
                {
                    // Save the schedule as found first, so an interrupted shrink loses nothing.
                    Artifacts.Save(outcome, dir);
                    outcome = Shrinker.Shrink(outcome);
                }
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            // Save first: whatever is found survives an interrupted print.
            (string Trace, string Text)? saved = outcome.Clean ? null : Artifacts.Save(outcome, dir);
            if (pr.GetValue(json))
            {
                Json.Write(ctx.Out, Documents.Explore(outcome, saved));
            }
            else
            {
                Print(ctx.Out, outcome, saved);
            }

            return outcome.Clean ? (outcome.Interrupted ? 130 : App.Ok) : App.Bug;
        });
        return cmd;
    }

    private static void Print(TextWriter w, Outcome o, (string Trace, string Text)? saved)
    {
        var how = $"strategy {o.Options.Strategy}, seed {o.Options.Seed}";
        if (o.Violation is { } v)
        {
            w.Write(v.Render(marker: false));
            w.WriteLine($"found at schedule {o.FirstBugSchedule} of {o.Options.Iterations} ({how}), violation at step {v.Step}, {o.Seconds:F1} s");
            if (o.Shrunk is { } k)
            {
                w.WriteLine($"shrunk over {k.Candidates} candidate schedules: {k.FoundPreemptions} -> {k.Preemptions} preemptions, {k.FoundSteps} -> {k.Steps} steps");
            }
            w.WriteLine($"saved {saved!.Value.Trace}");
            w.WriteLine($"      {saved.Value.Text}");
            w.WriteLine($"replay: pollfree replay {saved.Value.Trace}");
            return;
        }

        w.WriteLine($"{(o.Interrupted ? "interrupted" : "clean")}: {o.Variant.Id} × {o.Scenario.Id}: {o.Schedules} schedules explored, {o.Steps} steps, {o.SchedulesPerSecond:F0} schedules/s ({how}, {o.Seconds:F1} s)");
    }

    private static void EnsureWritable(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".pollfree-probe-{Environment.ProcessId}");
            System.IO.File.WriteAllText(probe, string.Empty);
            System.IO.File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out: cannot write to '{dir}': {e.Message}");
        }
    }

    /// <summary>Progress on stderr: schedules done, rate, bugs so far (Coyote stops at the first).</summary>
    private sealed class Progress : IProgress<ExploreProgress>
    {
        private readonly TextWriter err;

        public Progress(TextWriter err) => this.err = err;

        public void Report(ExploreProgress value) =>
            this.err.Write($"\r  {value.Done}/{value.Budget} schedules, {value.Rate:F0}/s, 0 bugs so far ");

        public void Done() => this.err.Write("\r" + new string(' ', 60) + "\r");
    }
}
