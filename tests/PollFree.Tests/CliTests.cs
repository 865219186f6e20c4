using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using PollFree.Cli;
using PollFree.Kernel;

namespace PollFree.Tests;

/// <summary>The CLI in-process: every command, every exit code, every kind of bad input.</summary>
public sealed class CliTests : IDisposable
{
    private static readonly int Cells = Variant.All.Count * Scenario.All.Count;

    private readonly string dir = Directory.CreateTempSubdirectory("pollfree-cli-").FullName;

    public void Dispose() => Directory.Delete(this.dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => Run(null, args);

    private static (int Code, string Out, string Err) Run(Command? extra, params string[] args)
    {
        var config = Path.Combine(AppContext.BaseDirectory, "coyote.json");
        using var o = new StringWriter();
        using var e = new StringWriter();
        var code = App.Run(["--config", config, .. args], o, e, progress: false, extra);
        return (code, o.ToString(), e.ToString());
    }

    private static void AssertBadInput((int Code, string Out, string Err) r, string expected)
    {
        Assert.Equal(App.BadInput, r.Code);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("pollfree: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
    }

    private string Explore(string variant, string scenario, string? outDir = null, params string[] more)
    {
        var r = Run(["explore", "--variant", variant, "--scenario", scenario, "--out", outDir ?? this.dir, .. more]);
        Assert.Equal(App.Bug, r.Code);
        return Directory.GetFiles(outDir ?? this.dir, "*.trace").Single();
    }

    [Fact]
    public void ListPrintsVariantsAndScenarios()
    {
        var r = Run("list");
        Assert.Equal(App.Ok, r.Code);
        foreach (var id in new[] { "v0", "v1", "v2", "v3", "v4", "d80e731", "971316f", "138e4ad", "9537bae", "reap-then-close", "close-races-reap", "signal-during-reap", "reuse-by-fork" })
        {
            Assert.Contains(id, r.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ListJsonIsOneDocument()
    {
        var doc = JsonNode.Parse(Run("list", "--json").Out)!;
        Assert.Equal(5, doc["variants"]!.AsArray().Count);
        Assert.Equal("971316f", doc["variants"]![2]!["commit"]!.GetValue<string>());
        Assert.Equal(Scenario.All.Count, doc["scenarios"]!.AsArray().Count);
    }

    [Fact]
    public void ExploreFindsTheV1BugAndSavesTraceAndReport()
    {
        var r = Run("explore", "--variant", "d80e731", "--scenario", "close-races-reap", "--out", this.dir);
        Assert.Equal(App.Bug, r.Code);
        Assert.Contains("KASAN: use-after-free", r.Out, StringComparison.Ordinal);
        Assert.Contains("INV-B", r.Out, StringComparison.Ordinal);
        Assert.Contains("remove_wait_queue", r.Out, StringComparison.Ordinal);
        Assert.Contains("Freed by task R", r.Out, StringComparison.Ordinal);
        var trace = Path.Combine(this.dir, "v1-close-races-reap-7.trace");
        var text = Path.ChangeExtension(trace, ".txt");
        Assert.True(File.Exists(trace));
        Assert.True(File.Exists(text));
        Assert.Empty(Directory.GetFiles(this.dir, "*.tmp"));
        var json = JsonNode.Parse(File.ReadAllText(trace))!;
        Assert.NotNull(json["Steps"]);
        Assert.Equal("1.7.11.0", json["CoyoteVersion"]!.GetValue<string>());
        Assert.Equal("v1", json["PollFree"]!["variant"]!.GetValue<string>());
        Assert.Equal("close-races-reap", json["PollFree"]!["scenario"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(json["PollFree"]!["version"]!.GetValue<string>()));
        Assert.Contains("Freed by task R", File.ReadAllText(text), StringComparison.Ordinal);
    }

    [Fact]
    public void ExploreCleanPrintsStatistics()
    {
        var r = Run("explore", "--variant", "v4", "--scenario", "reap-then-close", "--iterations", "40", "--strategy", "random", "--out", this.dir);
        Assert.Equal(App.Ok, r.Code);
        Assert.Contains("clean: v4 × reap-then-close: 40 schedules explored", r.Out, StringComparison.Ordinal);
        Assert.Contains("schedules/s", r.Out, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(this.dir));
    }

    [Fact]
    public void ExploreJson()
    {
        var doc = JsonNode.Parse(Run("explore", "--variant", "v2", "--scenario", "close-races-reap", "--out", this.dir, "--json").Out)!;
        Assert.Equal("INV-C", doc["verdict"]!.GetValue<string>());
        Assert.Equal("ep_poll_callback", doc["violation"]!["function"]!.GetValue<string>());
        Assert.True(File.Exists(doc["trace"]!.GetValue<string>()));
        Assert.True(doc["firstBugSchedule"]!.GetValue<long>() >= 1);
    }

    [Fact]
    public void SameSeedSameOptionsSameFiles()
    {
        var a = Path.Combine(this.dir, "a");
        var b = Path.Combine(this.dir, "b");
        var ta = this.Explore("v2", "close-races-reap", a, "--seed", "11");
        var tb = this.Explore("v2", "close-races-reap", b, "--seed", "11");
        Assert.Equal(File.ReadAllBytes(ta), File.ReadAllBytes(tb));
        Assert.Equal(File.ReadAllBytes(Path.ChangeExtension(ta, ".txt")), File.ReadAllBytes(Path.ChangeExtension(tb, ".txt")));
    }

    [Fact]
    public void ReplayReproduces()
    {
        var trace = this.Explore("v1", "close-races-reap");
        var r = Run("replay", trace);
        Assert.Equal(App.Bug, r.Code);
        Assert.Contains("reproduced INV-B in remove_wait_queue", r.Out, StringComparison.Ordinal);
        var doc = JsonNode.Parse(Run("replay", trace, "--json").Out)!;
        Assert.True(doc["reproduced"]!.GetValue<bool>());
    }

    [Fact]
    public void ShowPrintsOneColumnPerActorAndMarksTheViolation()
    {
        var trace = this.Explore("v1", "close-races-reap");
        var r = Run("show", trace);
        Assert.Equal(App.Ok, r.Code);
        var header = r.Out.Split('\n').First(l => l.StartsWith("step", StringComparison.Ordinal));
        foreach (var actor in new[] { "R", "P", "X", "rcu" })
        {
            Assert.Contains($" {actor} ", header + " ", StringComparison.Ordinal);
        }

        Assert.Contains(">>", r.Out, StringComparison.Ordinal);
        Assert.Contains("remove_wait_queue()", r.Out, StringComparison.Ordinal);
        Assert.Contains("X holds", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void MatrixMatchesHistory()
    {
        var r = Run("matrix", "--iterations", "150", "--json");
        var doc = JsonNode.Parse(r.Out)!;
        Assert.Equal(Cells, doc["cells"]!.AsArray().Count);
        var matches = doc["matchesHistory"]!.GetValue<bool>();
        Assert.Equal(matches ? App.Ok : App.Bug, r.Code);
        Assert.True(matches, r.Out);
        var text = Run("matrix", "--iterations", "150");
        Assert.Contains($"matrix matches kernel history ({Cells}/{Cells} cells)", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ProveFindsOrProves()
    {
        var bug = Run("prove", "--variant", "v2", "--scenario", "close-races-reap", "--preemptions", "1");
        Assert.Equal(App.Bug, bug.Code);
        Assert.Contains("counterexample with 1 preemption(s)", bug.Out, StringComparison.Ordinal);
        Assert.Contains("KASAN: use-after-free", bug.Out, StringComparison.Ordinal);
        var proved = Run("prove", "--variant", "v4", "--scenario", "close-races-reap");
        Assert.Equal(App.Ok, proved.Code);
        Assert.Contains("proved (<= 2 preemptions)", proved.Out, StringComparison.Ordinal);
        var all = Run("prove", "--preemptions", "1", "--json");
        Assert.Equal(App.Ok, all.Code);
        var cells = JsonNode.Parse(all.Out)!["cells"]!.AsArray();
        Assert.Equal(Cells, cells.Count);
        Assert.All(cells, c => Assert.True(c!["matchesHistory"]!.GetValue<bool>()));
    }

    [Fact]
    public void CorpusRegeneratesTheCommittedSchedulesByteForByte()
    {
        var r = Run("corpus", "--out", this.dir);
        Assert.Equal(App.Ok, r.Code);
        var committed = Path.Combine(TestSupport.RepoRoot, "tests", "schedules");
        var made = Directory.GetFiles(this.dir, "*.trace").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(Directory.GetFiles(committed, "*.trace").Select(Path.GetFileName).Order(), made);
        foreach (var name in made)
        {
            Assert.True(
                File.ReadAllText(Path.Combine(committed, name!)) == File.ReadAllText(Path.Combine(this.dir, name!)),
                $"tests/schedules/{name} is not what the model produces now; regenerate: {PollFree.Checker.Corpus.RegenerateCommand}");
        }
    }

    [Fact]
    public void BenchWritesItsResultsToAFile()
    {
        var file = Path.Combine(this.dir, "bench.json");
        var r = Run("bench", "--iterations", "5", "--out", file);
        Assert.Equal(App.Ok, r.Code);
        var doc = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal(Scenario.All.Count, doc["scenarios"]!.AsArray().Count);
        Assert.All(doc["scenarios"]!.AsArray(), s => Assert.True(s!["prover"]!["schedulesPerSecond"]!.GetValue<double>() > 0));
    }

    [Theory]
    [InlineData("--iterations: 0 is out of range", "bench", "--iterations", "0")]
    [InlineData("--preemptions: 9 is out of range", "prove", "--preemptions", "9")]
    [InlineData("--max-schedules: 0 is out of range", "prove", "--max-schedules", "0")]
    [InlineData("unknown scenario 'x'", "prove", "--scenario", "x")]
    public void BadProveInput(string expected, params string[] args) => AssertBadInput(Run(args), expected);

    [Theory]
    [InlineData("unknown variant 'v9' (did you mean 'v0'?)", "explore", "--variant", "v9", "--scenario", "reap-then-close")]
    [InlineData("unknown scenario 'reap-than-close' (did you mean 'reap-then-close'?)", "explore", "--variant", "v1", "--scenario", "reap-than-close")]
    [InlineData("--iterations: 0 is out of range", "explore", "--variant", "v1", "--scenario", "reap-then-close", "--iterations", "0")]
    [InlineData("--iterations: -5 is out of range", "explore", "--variant", "v1", "--scenario", "reap-then-close", "--iterations", "-5")]
    [InlineData("--iterations: 99999999999 is out of range", "explore", "--variant", "v1", "--scenario", "reap-then-close", "--iterations", "99999999999")]
    [InlineData("--max-steps: 0 is out of range", "explore", "--variant", "v1", "--scenario", "reap-then-close", "--max-steps", "0")]
    [InlineData("--seed: -1 is out of range", "explore", "--variant", "v1", "--scenario", "reap-then-close", "--seed", "-1")]
    [InlineData("unknown strategy 'fair-pcr' (did you mean 'fair-pct'?)", "explore", "--variant", "v1", "--scenario", "reap-then-close", "--strategy", "fair-pcr")]
    [InlineData("--variant", "explore", "--scenario", "reap-then-close")]
    [InlineData("--iterations: 0 is out of range", "matrix", "--iterations", "0")]
    [InlineData("--timeout: -1 is out of range", "explore", "--variant", "v1", "--scenario", "reap-then-close", "--timeout", "-1")]
    [InlineData("unknown variant 'v7'", "replay", "--variant", "v7", "x.trace")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("no such file", "replay", "/nonexistent/x.trace")]
    [InlineData("no such file", "show", "/nonexistent/x.trace")]
    public void BadInputIsOneLineAndExitOne(string expected, params string[] args) => AssertBadInput(Run(args), expected);

    [Fact]
    public void UnwritableOutputDirectory()
    {
        var file = Path.Combine(this.dir, "plain-file");
        File.WriteAllText(file, "x");
        AssertBadInput(Run("explore", "--variant", "v1", "--scenario", "reap-then-close", "--out", Path.Combine(file, "sub")), "cannot write to");
    }

    [Fact]
    public void BadConfigNamesItsKey()
    {
        var config = Path.Combine(this.dir, "bad.json");
        File.WriteAllText(config, "{\"iterations\": 10, \"colour\": \"red\"}");
        using var o = new StringWriter();
        using var e = new StringWriter();
        Assert.Equal(App.BadInput, App.Run(["--config", config, "list"], o, e));
        Assert.Contains("unknown key 'colour'", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedCorruptForeignAndStaleTracesAreRejected()
    {
        var trace = this.Explore("v1", "close-races-reap");
        var text = File.ReadAllText(trace);
        string Write(string name, string content)
        {
            var p = Path.Combine(this.dir, name);
            File.WriteAllText(p, content);
            return p;
        }

        AssertBadInput(Run("replay", Write("truncated.trace", text[..(text.Length / 2)])), "truncated or corrupt");
        AssertBadInput(Run("replay", Write("empty.trace", string.Empty)), "empty file");
        AssertBadInput(Run("replay", Write("garbage.trace", "\u0001\u0002 not json")), "truncated or corrupt");
        AssertBadInput(Run("replay", Write("other.trace", "{\"hello\": 1}")), "not a Coyote trace");

        var foreign = JsonNode.Parse(text)!.AsObject();
        foreign.Remove("PollFree");
        AssertBadInput(Run("replay", Write("foreign.trace", foreign.ToJsonString())), "without PollFree metadata");

        var old = JsonNode.Parse(text)!.AsObject();
        old["PollFree"]!["modelRevision"] = 0;
        AssertBadInput(Run("replay", Write("old.trace", old.ToJsonString())), "model revision 0");

        var unknown = JsonNode.Parse(text)!.AsObject();
        unknown["PollFree"]!["variant"] = "v7";
        AssertBadInput(Run("show", Write("unknown.trace", unknown.ToJsonString())), "recorded variant 'v7' is unknown");

        // A model that changed under the schedule: v3's code leaves v1's schedule (its events no longer match).
        var stale = JsonNode.Parse(text)!.AsObject();
        stale["PollFree"]!["variant"] = "v3";
        AssertBadInput(Run("replay", Write("stale.trace", stale.ToJsonString())), "does not match the current model: step ");
    }

    [Fact]
    public void AnInternalErrorIsOneLineAndExitThree()
    {
        var boom = new Command("boom");
        Action<ParseResult> action = _ => throw new InvalidOperationException("kaboom\nsecond line");
        boom.SetAction(action);
        var r = Run(boom, "boom");
        Assert.Equal(App.InternalError, r.Code);
        Assert.Equal("pollfree: internal error: InvalidOperationException: kaboom", r.Err.Trim());
    }

    [Fact]
    public void HelpAndVersionExitZero()
    {
        Assert.Equal(App.Ok, Run("--help").Code);
        Assert.Equal(App.Ok, Run("explore", "--help").Code);
        Assert.Equal(App.Ok, Run("--version").Code);
    }

    [Fact]
    public void JsonOutputsAreValidJson()
    {
        foreach (var args in new[] { new[] { "list", "--json" }, ["explore", "--variant", "v4", "--scenario", "reap-then-close", "--iterations", "5", "--out", this.dir, "--json"] })
        {
            using var doc = JsonDocument.Parse(Run(args).Out);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        }
    }
}
