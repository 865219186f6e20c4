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

    public static Variant V(string id) => Variant.Find(id) ?? throw new ArgumentException(id);

    public static Scenario S(string id) => Scenario.Find(id) ?? throw new ArgumentException(id);

    public static Outcome Explore(Variant v, string scenario, ExploreOptions? o = null) =>
        PollFree.Checker.Checker.Explore(v, S(scenario), o ?? Defaults);

    public static Outcome Explore(string v, string scenario, ExploreOptions? o = null) => Explore(V(v), scenario, o);

    public static ExploreOptions Only(params Spec[] specs) => Defaults with { Specs = specs };
}
