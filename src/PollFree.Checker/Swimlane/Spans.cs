using System.Globalization;
using System.Text;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Checker;

/// <summary>A stretch of rows an actor holds a lock (or is inside rcu_read_lock); <c>To</c> null: still held at the end.</summary>
internal sealed record Hold(string Actor, string Name, bool Rcu, int From, int? To, int Slot);

/// <summary>One allocation of an object: from its Alloc (or first sight) to kmem_cache_free and, for a typesafe
/// cache, to the slab page going back to the page allocator.</summary>
internal sealed record Life(int From, int? Freed, int? PageFreed);

/// <summary>An object's column in the lifetime track: its lives and the rows that touched it.</summary>
internal sealed record ObjectTrack(string Name, IReadOnlyList<Life> Lives, IReadOnlyList<(int Row, bool Dangling)> Accesses);

/// <summary>Lock and RCU spans per actor, derived from the locks held after each step, each given a bar slot so
/// overlapping holds of one actor sit side by side.</summary>
internal static class HoldSpans
{
    public static List<Hold> Of(IReadOnlyList<Step> journal, IReadOnlyList<string> actors)
    {
        var all = new List<Hold>();
        foreach (var actor in actors)
        {
            var open = new Dictionary<string, int>();
            var spans = new List<(string Name, bool Rcu, int From, int? To)>();
            IReadOnlyList<string> before = [];
            var rcuFrom = -1;
            for (var row = 0; row < journal.Count; row++)
            {
                var s = journal[row];
                if (s.Actor != actor)
                {
                    continue;
                }

                foreach (var taken in s.Locks.Except(before))
                {
                    open[taken] = row;
                }

                foreach (var released in before.Except(s.Locks))
                {
                    spans.Add((released, false, open[released], row));
                    open.Remove(released);
                }

                if (rcuFrom < 0 && s.RcuDepth > 0)
                {
                    rcuFrom = row;
                }
                else if (rcuFrom >= 0 && s.RcuDepth == 0)
                {
                    spans.Add(("rcu_read_lock", true, rcuFrom, row));
                    rcuFrom = -1;
                }

                before = s.Locks;
            }

            spans.AddRange(open.Select(o => (o.Key, false, o.Value, (int?)null)));
            if (rcuFrom >= 0)
            {
                spans.Add(("rcu_read_lock", true, rcuFrom, null));
            }

            all.AddRange(Slotted(actor, spans));
        }

        return all;
    }

    /// <summary>RCU gets the outermost slot of its lane; locks take the first slot free at their start.</summary>
    private static IEnumerable<Hold> Slotted(string actor, List<(string Name, bool Rcu, int From, int? To)> spans)
    {
        var first = spans.Any(s => s.Rcu) ? 1 : 0;
        var busyUntil = new List<int>();
        foreach (var s in spans.OrderBy(s => s.From))
        {
            if (s.Rcu)
            {
                yield return new Hold(actor, s.Name, true, s.From, s.To, 0);
                continue;
            }

            var slot = busyUntil.FindIndex(end => end < s.From);
            if (slot < 0)
            {
                busyUntil.Add(0);
                slot = busyUntil.Count - 1;
            }

            busyUntil[slot] = s.To ?? int.MaxValue;
            yield return new Hold(actor, s.Name, false, s.From, s.To, first + slot);
        }
    }
}

/// <summary>Every object the journal names, with its lives, in order of first appearance.</summary>
internal static class ObjectLifetimes
{
    public static List<ObjectTrack> Of(IReadOnlyList<Step> journal)
    {
        var names = journal.Where(s => s.Object is not null).Select(s => s.Object!).Distinct().ToList();
        return [.. names.Select(name => Track(journal, name))];
    }

    private static ObjectTrack Track(IReadOnlyList<Step> journal, string name)
    {
        var lives = new List<Life>();
        var accesses = new List<(int, bool)>();
        Life? current = null;
        for (var row = 0; row < journal.Count; row++)
        {
            var s = journal[row];
            if (s.Object != name)
            {
                continue;
            }

            switch (s.Op)
            {
                case Op.Alloc:
                    Close(lives, current);
                    current = new Life(row, null, null);
                    break;
                case Op.Free when current is not null:
                    current = current with { Freed = row };
                    break;
                case Op.PageFree when current is not null:
                    current = current with { PageFreed = row };
                    break;
                default:
                    // An object met before its allocation was in the journal (globals, the parent's sighand) lives from its first sight.
                    current ??= new Life(row, null, null);
                    accesses.Add((row, s.StalePointer || s.State is Lifetime.Freed or Lifetime.PageFreed));
                    break;
            }
        }

        Close(lives, current);
        return new ObjectTrack(name, lives, accesses);
    }

    private static void Close(List<Life> lives, Life? life)
    {
        if (life is not null)
        {
            lives.Add(life);
        }
    }
}
