using System.CommandLine;
using PollFree.Checker;

namespace PollFree.Cli;

/// <summary>The exploration flags shared by explore and matrix; each overrides coyote.json.</summary>
internal sealed class Budget
{
    public const long MaxIterations = 10_000_000;
    public const long MaxStepsLimit = 1_000_000;
    public const long MaxTimeout = 7 * 24 * 3600;

    public Option<string?> Strategy { get; } = new("--strategy") { Description = "exploration strategy: " + string.Join("|", ExploreOptions.Strategies) };

    public Option<long?> Iterations { get; } = new("--iterations") { Description = "schedules to explore (1.." + MaxIterations + ")" };

    public Option<long?> Seed { get; } = new("--seed") { Description = "random seed (0..4294967295)" };

    public Option<long?> MaxSteps { get; } = new("--max-steps") { Description = "scheduling steps per schedule (1.." + MaxStepsLimit + ")" };

    public Option<long?> Timeout { get; } = new("--timeout") { Description = "stop after this many seconds (0 = none)" };

    public void AddTo(Command cmd, bool all = true)
    {
        cmd.Options.Add(this.Iterations);
        if (all)
        {
            cmd.Options.Add(this.Strategy);
            cmd.Options.Add(this.Seed);
            cmd.Options.Add(this.MaxSteps);
            cmd.Options.Add(this.Timeout);
        }
    }

    public ExploreOptions Resolve(ParseResult pr, ExploreOptions defaults)
    {
        var o = defaults;
        if (pr.GetValue(this.Strategy) is { } s)
        {
            o = o with
            {
                Strategy = ExploreOptions.Strategies.Contains(s)
                    ? s
                    : throw new UsageException($"--strategy: unknown strategy '{s}'{(Suggest.Nearest(s, ExploreOptions.Strategies) is { } n ? $" (did you mean '{n}'?)" : string.Empty)}; one of {string.Join(", ", ExploreOptions.Strategies)}"),
            };
        }

        if (pr.GetValue(this.Iterations) is { } i)
        {
            o = o with { Iterations = (uint)InRange("--iterations", i, 1, MaxIterations) };
        }

        if (pr.GetValue(this.Seed) is { } seed)
        {
            o = o with { Seed = (uint)InRange("--seed", seed, 0, uint.MaxValue) };
        }

        if (pr.GetValue(this.MaxSteps) is { } m)
        {
            o = o with { MaxSteps = (uint)InRange("--max-steps", m, 1, MaxStepsLimit) };
        }

        if (pr.GetValue(this.Timeout) is { } t)
        {
            o = o with { TimeoutSeconds = (int)InRange("--timeout", t, 0, MaxTimeout) };
        }

        return o;
    }

    private static long InRange(string name, long value, long min, long max) =>
        value >= min && value <= max ? value : throw new UsageException($"{name}: {value} is out of range ({min}..{max})");
}
