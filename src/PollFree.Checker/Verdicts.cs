using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Checker;

/// <summary>Turns Coyote's bug text back into a violation: the specs' marker line, or Coyote's own liveness and
/// deadlock reports, or an error in the model itself.</summary>
public static class Verdicts
{
    public static Violation FromReport(string report, World? world)
    {
        if (Violation.Parse(report) is { } v)
        {
            return v;
        }

        if (report.Contains(nameof(EpollWaitIsWoken), StringComparison.Ordinal))
        {
            return Liveness(world);
        }

        var firstLine = report.Split('\n')[0].Trim();
        return new Violation("ERROR", firstLine, "(model)", [], string.Empty, string.Empty, string.Empty, string.Empty,
            string.Empty, string.Empty, world?.Journal.Steps.Count ?? 0, 0, [], null, null, null, report);
    }

    /// <summary>Coyote reports the hot monitor (the prover, a stranded sleeper at quiescence); the world says who is
    /// asleep, where, since which step.</summary>
    public static Violation Liveness(World? world)
    {
        var sleeper = world?.Cpus.FirstOrDefault(c => c.IsParked && c.Current is { Sleeping: true });
        var slept = world?.Journal.Steps.LastOrDefault(s => s.Op == Op.Sleep && s.Actor == sleeper?.Name && s.Detail?.Contains("ep_poll", StringComparison.Ordinal) == true);
        var freed = world?.Journal.Steps.LastOrDefault(s => s.Op == Op.Free && s.Cache == "sighand_cache");
        return new Violation(
            "LIVE",
            $"INFO: task {sleeper?.Name ?? "?"} blocked in epoll_wait forever: its sighand went away without a wakeup",
            "ep_poll",
            ["sys_epoll_wait", "ep_poll"],
            slept?.Object ?? string.Empty,
            "eventpoll",
            slept?.Cache ?? string.Empty,
            "wq",
            "Sleep",
            "allocated",
            slept?.Index ?? 0,
            0,
            [],
            null,
            null,
            null,
            $"a blocked epoll_wait is eventually woken when the sighand goes away; {freed?.Object ?? "the sighand"} was freed at step {freed?.Index} and nothing woke {sleeper?.Name}");
    }
}
