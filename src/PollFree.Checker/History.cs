namespace PollFree.Checker;

/// <summary>
/// What kernel history (KERNEL.md §2–§6, §8) says each variant × scenario must show: the invariants the version is
/// known to break in that story, or clean. A cell may allow several (v0's close race can hit INV-A or INV-B first).
/// </summary>
public static class History
{
    private static readonly Dictionary<(string Variant, string Scenario), string[]> Bugs = new()
    {
        [("v0", "reap-then-close")] = ["INV-A"],
        [("v0", "close-races-reap")] = ["INV-A", "INV-B"],
        [("v0", "signal-during-reap")] = ["INV-A"],
        [("v0", "reuse-by-fork")] = ["INV-A"],
        [("v0", "wait-across-reap")] = ["INV-A"],
        [("v0", "exclusive-waiters")] = ["INV-A"],
        [("v1", "reap-then-close")] = ["INV-B"],
        [("v1", "close-races-reap")] = ["INV-B"],
        [("v1", "signal-during-reap")] = ["INV-B"],
        [("v1", "reuse-by-fork")] = ["INV-B"],
        [("v2", "close-races-reap")] = ["INV-C"],
        [("v0", "exec-drops-sighand")] = ["INV-A"],
        [("v1", "exec-drops-sighand")] = ["INV-B"],
    };

    /// <summary>The verdicts history allows for the cell: invariant ids, or ["clean"].</summary>
    public static IReadOnlyList<string> Expected(string variant, string scenario) =>
        Bugs.TryGetValue((variant, scenario), out var v) ? v : ["clean"];

    public static bool Matches(Outcome o) => Expected(o.Variant.Id, o.Scenario.Id).Contains(o.Verdict);

    /// <summary>A bounded proof matches when a buggy cell yields its invariant and a clean one is proved. A bug that
    /// needs more preemptions than the bound counts as a difference: the bound was too small to show it.</summary>
    public static bool Matches(Proof p) =>
        p.Violation is { } v ? Expected(p.Variant.Id, p.Scenario.Id).Contains(v.Invariant) : p.Proved && Expected(p.Variant.Id, p.Scenario.Id).Contains("clean");

    /// <summary>The cells history says are buggy: the replay corpus holds one schedule for each.</summary>
    public static IEnumerable<(PollFree.Kernel.Variant Variant, PollFree.Kernel.Scenario Scenario)> BuggyCells() =>
        PollFree.Kernel.Variant.All.SelectMany(v => PollFree.Kernel.Scenario.All.Where(s => !Expected(v.Id, s.Id).Contains("clean")).Select(s => (v, s)));
}
