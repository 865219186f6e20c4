using System.Diagnostics;
using Microsoft.Coyote;
using Microsoft.Coyote.Actors;
using Microsoft.Coyote.SystematicTesting;
using PollFree.Actors;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Checker;

/// <summary>The only place that builds a Coyote Configuration: explore and replay one variant × scenario.</summary>
public static class Checker
{
    /// <summary>Explores up to the options' budget, stopping at the first violation.</summary>
    public static Outcome Explore(Variant variant, Scenario scenario, ExploreOptions options, IProgress<ExploreProgress>? progress = null, CancellationToken cancel = default)
    {
        var config = Configure(options);
        return Run(variant, scenario, options, config, replay: false, progress, cancel);
    }

    /// <summary>Re-runs a saved Coyote trace against <paramref name="variant"/> × <paramref name="scenario"/>; the
    /// outcome's journal is the replayed one, bug or not.</summary>
    public static Outcome Replay(Variant variant, Scenario scenario, string reproducibleTrace, ExploreOptions options)
    {
        var config = Base(options).WithReproducibleTrace(reproducibleTrace);
        return Run(variant, scenario, options, config, replay: true, null, default);
    }

    internal static Configuration Configure(ExploreOptions o)
    {
        var c = Base(o).WithTestingIterations(o.Iterations).WithRandomGeneratorSeed(o.Seed);
        if (o.TimeoutSeconds > 0)
        {
            c = c.WithTestingTimeout(o.TimeoutSeconds);
        }

        return o.Strategy switch
        {
            "random" => c.WithRandomStrategy(),
            "probabilistic" => c.WithProbabilisticStrategy(),
            "pct" => c.WithPrioritizationStrategy(isFair: false, o.StrategyBound ?? 10),
            "fair-pct" => c.WithPrioritizationStrategy(isFair: true, o.StrategyBound ?? 10),
            "delay-bounding" => c.WithDelayBoundingStrategy(isFair: false, o.StrategyBound ?? 10),
            "fair-delay-bounding" => c.WithDelayBoundingStrategy(isFair: true, o.StrategyBound ?? 10),
            "q-learning" => c.WithQLearningStrategy(),
            "portfolio" => c,
            _ => throw new ArgumentException($"unknown strategy '{o.Strategy}'", nameof(o)),
        };
    }

    private static Configuration Base(ExploreOptions o)
    {
        var c = Configuration.Create()
            .WithTelemetryEnabled(false)
            .WithMaxSchedulingSteps(o.MaxSteps, o.MaxSteps);
        return o.LivenessThreshold > 0 ? c.WithLivenessTemperatureThreshold(o.LivenessThreshold) : c;
    }

    private static Outcome Run(
        Variant variant, Scenario scenario, ExploreOptions options, Configuration config, bool replay, IProgress<ExploreProgress>? progress, CancellationToken cancel)
    {
        World? last = null;
        long iteration = 0;
        var engine = TestingEngine.Create(config, (IActorRuntime rt) => last = Harness.Start(rt, variant, scenario, options.Specs));
        engine.SetLogger(new Microsoft.Coyote.Logging.MemoryLogger(Microsoft.Coyote.Logging.VerbosityLevel.None));
        engine.RegisterStartIterationCallBack(i => iteration = i);
        var clock = Stopwatch.StartNew();
        if (progress is not null)
        {
            engine.RegisterEndIterationCallBack(i =>
            {
                if ((i + 1) % 100 == 0)
                {
                    progress.Report(new ExploreProgress(i + 1, options.Iterations, clock.Elapsed.TotalSeconds));
                }
            });
        }

        using var stop = cancel.Register(engine.Stop);
        engine.Run();
        clock.Stop();

        var report = engine.TestReport;
        var bug = report.BugReports.FirstOrDefault();
        var schedules = report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths;
        var steps = report.TotalExploredFairSteps + report.TotalExploredUnfairSteps;
        var violation = bug is null ? null : Verdicts.FromReport(bug, last);
        return new Outcome(
            variant,
            scenario,
            options,
            violation,
            bug,
            schedules,
            steps,
            clock.Elapsed.TotalSeconds,
            bug is null ? null : iteration + 1,
            bug is null ? null : engine.ReproducibleTrace,
            (bug is null && !replay) || last is null ? [] : last.Journal.Steps)
        {
            Interrupted = cancel.IsCancellationRequested,
        };
    }
}
