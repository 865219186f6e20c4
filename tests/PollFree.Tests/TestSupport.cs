using PollFree.Checker;
using PollFree.Kernel;
using PollFree.Specs;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace PollFree.Tests;

/// <summary>The repository's coyote.json, as the tests use it, and small helpers.</summary>
internal static class TestSupport
{
    public static CoyoteJson Config { get; } = CoyoteJson.Load(Path.Combine(AppContext.BaseDirectory, CoyoteJson.FileName));

    public static ExploreOptions Defaults => Config.Defaults;

    /// <summary>The checkout the tests were built from (where tests/schedules lives).</summary>
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PollFree.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PollFree.sln not found above " + AppContext.BaseDirectory);
    }

    public static Variant V(string id) => Variant.Find(id) ?? throw new ArgumentException(id);

    public static Scenario S(string id) => Scenario.Find(id) ?? throw new ArgumentException(id);

    public static Outcome Explore(Variant v, string scenario, ExploreOptions? o = null) =>
        PollFree.Checker.Checker.Explore(v, S(scenario), o ?? Defaults);

    public static Outcome Explore(string v, string scenario, ExploreOptions? o = null) => Explore(V(v), scenario, o);

    public static ExploreOptions Only(params Spec[] specs) => Defaults with { Specs = specs };

    /// <summary>The one command that re-runs an exploration a test did (same strategy, budget and seed: same schedules).</summary>
    public static string ExploreCommand(Outcome o) =>
        $"dotnet run --project tools/PollFree.Cli -c Release -- explore --variant {o.Variant.Id} --scenario {o.Scenario.Id} " +
        $"--strategy {o.Options.Strategy} --iterations {o.Options.Iterations} --seed {o.Options.Seed}";
}
