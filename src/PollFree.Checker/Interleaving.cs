using System.Text;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Checker;

/// <summary>
/// The interleaving in kernel vocabulary, one column per actor, like a message sequence chart. Each row is one step:
/// the kernel function (only when it changed for that actor), the operation, the object and its lifetime. The last
/// column repeats only what changed: the locks an actor holds and its RCU depth (TLC's -difftrace idea).
/// </summary>
public static class Interleaving
{
    private const int Width = 44;

    public static string Render(IReadOnlyList<Step> journal, Violation? violation = null)
    {
        var actors = journal.Select(s => s.Actor).Distinct().ToList();
        var lastFunction = new Dictionary<string, string>();
        var lastLocks = new Dictionary<string, string>();
        var lastRcu = new Dictionary<string, int>();
        var sb = new StringBuilder();
        sb.Append("step  ");
        foreach (var a in actors)
        {
            sb.Append(Pad(a, Width)).Append(' ');
        }

        sb.Append("changed: locks held, rcu depth\n");
        sb.Append(new string('-', 6 + (actors.Count * (Width + 1)) + 30)).Append('\n');
        foreach (var s in journal)
        {
            var function = lastFunction.GetValueOrDefault(s.Actor) == s.Function ? null : s.Function;
            lastFunction[s.Actor] = s.Function;
            var hit = violation is not null && s.Index == violation.Step;
            if (function is not null && function != "(user)")
            {
                Row(sb, actors, s.Actor, string.Empty, function + "()", string.Empty);
            }

            var changes = new List<string>();
            var locks = string.Join(",", s.Locks.Select(Short));
            if (lastLocks.GetValueOrDefault(s.Actor, string.Empty) != locks)
            {
                changes.Add($"{s.Actor} holds {(locks.Length == 0 ? "nothing" : locks)}");
                lastLocks[s.Actor] = locks;
            }

            if (lastRcu.GetValueOrDefault(s.Actor) != s.RcuDepth)
            {
                changes.Add($"{s.Actor} rcu {s.RcuDepth}");
                lastRcu[s.Actor] = s.RcuDepth;
            }

            if (hit)
            {
                changes.Add($"<== {violation!.Invariant}: {violation.Title}");
            }

            Row(sb, actors, s.Actor, (hit ? ">>" : string.Empty) + s.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), "  " + Describe(s), string.Join("; ", changes));
        }

        return sb.ToString();
    }

    /// <summary>"Lock sighand#2.signalfd_wqh.lock [freed]", "rcu_read_lock", "Free pwq#1".</summary>
    public static string Describe(Step s)
    {
        if (s.Object is null)
        {
            return s.Detail ?? s.Op.ToString();
        }

        var what = s.Field.Length > 0 ? $"{Short(s.Object)}.{s.Field}" : Short(s.Object);
        var life = s.StalePointer ? " [stale ptr]" : s.State switch
        {
            Lifetime.Freed => " [freed]",
            Lifetime.PageFreed => " [page freed]",
            _ => string.Empty,
        };
        return s.Op switch
        {
            Op.Alloc => $"alloc {what}",
            Op.Free => $"free {what}",
            Op.PageFree => $"page freed: {what}",
            Op.Sleep or Op.Wake or Op.GracePeriod or Op.Syscall => s.Detail ?? $"{s.Op} {what}",
            _ => $"{s.Op.ToString().ToLowerInvariant()} {what}{life}",
        };
    }

    /// <summary>Kernel shorthand for object names: sighand#2, pwq#1, epi#1, ep#1.</summary>
    public static string Short(string name) => name
        .Replace("sighand_struct", "sighand", StringComparison.Ordinal)
        .Replace("eppoll_entry", "pwq", StringComparison.Ordinal)
        .Replace("epitem", "epi", StringComparison.Ordinal)
        .Replace("eventpoll", "ep", StringComparison.Ordinal)
        .Replace("task_struct", "task", StringComparison.Ordinal)
        .Replace("kernel .data", "kernel", StringComparison.Ordinal);

    private static void Row(StringBuilder sb, List<string> actors, string actor, string step, string text, string changes)
    {
        var line = new StringBuilder(Pad(step, 6));
        foreach (var a in actors)
        {
            line.Append(Pad(a == actor ? text : string.Empty, Width)).Append(' ');
        }

        sb.Append((line + changes).TrimEnd()).Append('\n');
    }

    private static string Pad(string s, int width) => s.Length > width ? s[..(width - 1)] + "…" : s.PadRight(width);
}
