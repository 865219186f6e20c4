using System.CommandLine;
using PollFree.Checker;
using PollFree.Kernel;

namespace PollFree.Cli;

/// <summary>
/// The `pollfree` command line. It parses and prints; every piece of work is a call into PollFree.Checker.
/// Exit codes: 0 no bug / matrix matches history; 2 bug found / matrix differs; 1 bad input; 3 internal error.
/// </summary>
public static class App
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Bug = 2;
    public const int InternalError = 3;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool progress = false) =>
        Run(args, stdout, stderr, progress, extra: null);

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter, bool)"/>; tests may add a command (to exercise exit 3).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool progress, Command? extra)
    {
        var ctx = new Context(stdout, stderr, progress);
        var root = new RootCommand("PollFree: a deterministic model checker for the epoll/signalfd POLLFREE protocol")
        {
            ListCommand.Build(ctx),
            ExploreCommand.Build(ctx),
            ReplayCommand.Build(ctx),
            ShowCommand.Build(ctx),
            MatrixCommand.Build(ctx),
            CorpusCommand.Build(ctx),
            ProveCommand.Build(ctx),
            BenchCommand.Build(ctx),
        };
        root.Options.Add(ctx.ConfigOption);
        if (extra is not null)
        {
            root.Subcommands.Add(extra);
        }

        var parsed = root.Parse(args);
        var helpOrVersion = parsed.Action?.GetType().Name is { } name && (name.Contains("Help", StringComparison.Ordinal) || name.Contains("Version", StringComparison.Ordinal));
        if (parsed.Errors.Count > 0 && !helpOrVersion)
        {
            // One line: the unrecognised token first, it is what the user typed wrong.
            var error = parsed.Errors.OrderBy(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).First();
            stderr.WriteLine($"pollfree: {error.Message} (see `pollfree --help`)");
            return BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UsageException or ConfigException or TraceFileException)
        {
            stderr.WriteLine($"pollfree: {e.Message}");
            return BadInput;
        }
#pragma warning disable CA1031 // the contract is one line and exit 3, never a stack trace
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"pollfree: internal error: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            return InternalError;
        }
    }
}

/// <summary>What every command shares: the writers, the coyote.json in force, and name resolution.</summary>
internal sealed class Context
{
    public Context(TextWriter stdout, TextWriter stderr, bool progress)
    {
        this.Out = stdout;
        this.Err = stderr;
        this.Progress = progress;
    }

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    /// <summary>Whether progress lines may go to stderr (it is a terminal); --json silences them too.</summary>
    public bool Progress { get; }

    public Option<string?> ConfigOption { get; } = new("--config")
    {
        Description = "coyote.json to read defaults from (default: the nearest one from the current directory up)",
        Recursive = true,
    };

    public CoyoteJson Config(ParseResult pr) =>
        pr.GetValue(this.ConfigOption) is { } path
            ? (System.IO.File.Exists(path) ? CoyoteJson.Load(path) : throw new UsageException($"--config: no such file '{path}'"))
            : CoyoteJson.Discover(Directory.GetCurrentDirectory());

    public static Variant Variant(string key) =>
        PollFree.Kernel.Variant.Find(key) ?? throw new UsageException(
            $"unknown variant '{key}'{DidYouMean(key, PollFree.Kernel.Variant.All.SelectMany(v => new[] { v.Id, v.Commit }))}; known: {string.Join(", ", PollFree.Kernel.Variant.All.Select(v => $"{v.Id} ({v.Commit})"))}");

    public static Scenario Scenario(string id) =>
        PollFree.Kernel.Scenario.Find(id) ?? throw new UsageException(
            $"unknown scenario '{id}'{DidYouMean(id, PollFree.Kernel.Scenario.All.Select(s => s.Id))}; known: {string.Join(", ", PollFree.Kernel.Scenario.All.Select(s => s.Id))}");

    private static string DidYouMean(string input, IEnumerable<string> known) =>
        Suggest.Nearest(input, known) is { } near ? $" (did you mean '{near}'?)" : string.Empty;
}
