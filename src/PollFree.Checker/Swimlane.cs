using System.Globalization;
using System.Text;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Checker;

/// <summary>
/// The interleaving as a picture: one self-contained HTML page with an inline SVG, one column per actor (time flows
/// down, one row per step), lock and RCU hold spans as bars beside each lane, and one more column with every object's
/// lifetime. It says the same as <see cref="Interleaving.Render"/> in the same vocabulary, but a lock still held or an
/// object already freed is visible at a glance. No scripts, fonts or styles are fetched: hover text is SVG titles.
/// </summary>
public static class Swimlane
{
    /// <summary>The violating step's box, and nothing else, is this colour (tests look for it in screenshots).</summary>
    public const string HighlightColour = "#d62728";

    /// <summary>Lane headers, and nothing else, are this colour (tests count the lanes in screenshots by it).</summary>
    public const string LaneHeaderColour = "#1f77b4";

    public static string Html(IReadOnlyList<Step> journal, Violation? violation, string title)
    {
        var layout = new SwimlaneLayout(journal, violation);
        var subtitle = violation is null
            ? $"{journal.Count} steps; no violation"
            : $"{journal.Count} steps; {violation.Invariant} at step {violation.Step}: {violation.Title}";
        var svg = new SvgWriter(layout.Width, layout.Height);
        SwimlanePainter.Paint(svg, layout, title, subtitle);
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{SvgWriter.Escape(title)}</title>
            <style>body {"{"} margin: 0; background: #ffffff; {"}"}</style>
            </head>
            <body>
            {svg.Finish()}
            </body>
            </html>

            """;
    }
}

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

/// <summary>Where everything goes. Text is monospace so widths can be computed; the page is sized to fit a
/// 1400-pixel window, lanes with short labels keep their natural width and the widest ones give way.</summary>
internal sealed class SwimlaneLayout
{
    public const double CharWidth = 0.602; // of the font size, for DejaVu Sans Mono / Liberation Mono
    public const double Row = 24;
    public const double FunctionFont = 9;
    public const double OpFont = 10.5;
    public const double BarWidth = 5;
    public const double BarGap = 2;
    public const double ObjectColumn = 18;
    public const double Margin = 12;
    public const double Gutter = 30;
    public const double LaneGap = 10;
    public const double TrackGap = 10;
    public const double HeaderBar = 22;
    private const double TargetWidth = 1400;
    private const double MinBox = 96;
    private const double LegendStart = 56; // below the title and the verdict line

    public SwimlaneLayout(IReadOnlyList<Step> journal, Violation? violation)
    {
        this.Journal = journal;
        this.Violation = violation;
        this.Actors = [.. journal.Select(s => s.Actor).Distinct()];
        this.Holds = HoldSpans.Of(journal, this.Actors);
        this.Objects = ObjectLifetimes.Of(journal);
        this.ViolationRow = violation is null ? -1 : journal.ToList().FindIndex(s => s.Index == violation.Step);
        this.LockColours = LockPalette(journal);

        var slots = this.Actors.ToDictionary(a => a, a => this.Holds.Where(h => h.Actor == a).Select(h => h.Slot + 1).DefaultIfEmpty(0).Max());
        var barsWidth = this.Actors.Select(a => (slots[a] * (BarWidth + BarGap)) + 4).ToList();
        var natural = this.Actors.Select(a => journal.Where(s => s.Actor == a).Select(NaturalWidth).DefaultIfEmpty(MinBox).Max()).ToList();
        var trackWidth = this.Objects.Count * ObjectColumn;
        var fixedWidth = (2 * Margin) + Gutter + barsWidth.Sum() + (this.Actors.Count * LaneGap) + TrackGap + trackWidth;
        var cap = Cap(natural, TargetWidth - fixedWidth);

        var x = Margin + Gutter;
        var lanes = new List<Lane>();
        for (var i = 0; i < this.Actors.Count; i++)
        {
            var box = Math.Max(MinBox, Math.Min(natural[i], cap));
            lanes.Add(new Lane(this.Actors[i], x, x + barsWidth[i], box));
            x += barsWidth[i] + box + LaneGap;
        }

        this.Lanes = lanes;
        this.TrackX = x + TrackGap;
        this.Width = Math.Ceiling(this.TrackX + trackWidth + Margin);
        this.Legend = SwimlaneLegend.Items(this);
        var legendRows = SwimlaneLegend.Rows(this.Legend, this.Width - (2 * Margin));
        this.LegendTop = LegendStart;
        var longestName = this.Objects.Select(o => Interleaving.Short(o.Name).Length).DefaultIfEmpty(0).Max();
        this.HeaderTop = this.LegendTop + (legendRows * SwimlaneLegend.RowHeight) + 8;
        this.HeaderHeight = Math.Max(HeaderBar, (longestName * CharWidth * FunctionFont) + 10);
        this.GridTop = this.HeaderTop + this.HeaderHeight + 4;
        this.Height = Math.Ceiling(this.GridTop + (journal.Count * Row) + Margin);
    }

    public IReadOnlyList<Step> Journal { get; }

    public Violation? Violation { get; }

    public IReadOnlyList<string> Actors { get; }

    public IReadOnlyList<Lane> Lanes { get; }

    public IReadOnlyList<Hold> Holds { get; }

    public IReadOnlyList<ObjectTrack> Objects { get; }

    public IReadOnlyDictionary<string, string> LockColours { get; }

    public IReadOnlyList<LegendItem> Legend { get; }

    public int ViolationRow { get; }

    public double TrackX { get; }

    public double Width { get; }

    public double Height { get; }

    public double LegendTop { get; }

    public double HeaderTop { get; }

    public double HeaderHeight { get; }

    public double GridTop { get; }

    public double RowY(int row) => this.GridTop + (row * Row);

    public double RowMid(int row) => this.RowY(row) + (Row / 2);

    public static string FunctionLabel(Step s) => s.Function;

    public static string OpLabel(Step s) => Interleaving.Describe(s);

    private static double NaturalWidth(Step s) =>
        Math.Max(FunctionLabel(s).Length * CharWidth * FunctionFont, OpLabel(s).Length * CharWidth * OpFont) + 10;

    /// <summary>The largest box width at which all lanes fit in the space left (water-filling: narrow lanes are not shrunk).</summary>
    private static double Cap(List<double> natural, double available)
    {
        var sorted = natural.OrderBy(w => w).ToList();
        var left = available;
        for (var i = 0; i < sorted.Count; i++)
        {
            var share = left / (sorted.Count - i);
            if (sorted[i] > share)
            {
                return share;
            }

            left -= sorted[i];
        }

        return double.MaxValue;
    }

    /// <summary>Tableau colours without the two reserved ones (lane headers, the violation) and without RCU's cyan.</summary>
    private static Dictionary<string, string> LockPalette(IReadOnlyList<Step> journal)
    {
        string[] palette = ["#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f", "#aec7e8", "#c5b0d5"];
        var names = journal.SelectMany(s => s.Locks).Distinct().ToList();
        return names.Select((n, i) => (n, palette[i % palette.Length])).ToDictionary(p => p.n, p => p.Item2);
    }
}

/// <summary>An actor's column: the hold bars start at <c>BarsX</c>, the step boxes at <c>BoxX</c>.</summary>
internal sealed record Lane(string Actor, double BarsX, double BoxX, double BoxWidth)
{
    public double Right => this.BoxX + this.BoxWidth;

    public double BarX(int slot) => this.BarsX + 2 + (slot * (SwimlaneLayout.BarWidth + SwimlaneLayout.BarGap));
}

/// <summary>What a legend entry shows before its words.</summary>
internal enum Swatch
{
    None,
    Box,
    Bar,
    Allocated,
    Freed,
    Free,
    PageFree,
    Access,
    Dangling,
}

/// <summary>One legend entry: a swatch, its colour, and the words.</summary>
internal sealed record LegendItem(Swatch Kind, string Colour, string Text)
{
    public double Width => 18 + (this.Text.Length * SwimlaneLayout.CharWidth * SwimlaneLegend.Font) + 16;
}

/// <summary>The legend's entries and how they wrap.</summary>
internal static class SwimlaneLegend
{
    public const double Font = 10;
    public const double RowHeight = 18;

    public static List<LegendItem> Items(SwimlaneLayout layout)
    {
        var items = new List<LegendItem>
        {
            new(Swatch.Box, BoxStyle.Fill(Op.Read), "read/write/list op"),
            new(Swatch.Box, BoxStyle.Fill(Op.Lock), "lock/unlock/rcu"),
            new(Swatch.Box, BoxStyle.Fill(Op.Alloc), "alloc/free/grace period"),
            new(Swatch.Box, BoxStyle.Fill(Op.Wake), "wake/sleep/syscall"),
        };
        items.AddRange(layout.LockColours.Select(l => new LegendItem(Swatch.Bar, l.Value, $"holds {Interleaving.Short(l.Key)}")));
        items.Add(new(Swatch.Bar, SwimlanePainter.RcuColour, "inside rcu_read_lock"));
        items.Add(new(Swatch.Allocated, SwimlanePainter.AllocatedColour, "object allocated"));
        items.Add(new(Swatch.Freed, SwimlanePainter.FreedColour, "object freed"));
        items.Add(new(Swatch.Free, "#000000", "kmem_cache_free"));
        items.Add(new(Swatch.PageFree, "#000000", "slab page freed"));
        items.Add(new(Swatch.Access, "#000000", "access"));
        items.Add(new(Swatch.Dangling, "#000000", "access to freed memory"));
        if (layout.Violation is { } v)
        {
            // Words only: the highlight colour is reserved for the one box.
            items.Add(new(Swatch.None, string.Empty, $"red box: the violating step {v.Step.ToString(CultureInfo.InvariantCulture)}"));
        }

        return items;
    }

    public static int Rows(IReadOnlyList<LegendItem> items, double width) => Place(items, 0, width).Select(p => p.Row).DefaultIfEmpty(0).Max() + 1;

    public static IEnumerable<(LegendItem Item, int Row, double X)> Place(IReadOnlyList<LegendItem> items, double left, double width)
    {
        var row = 0;
        var x = 0.0;
        foreach (var item in items)
        {
            if (x > 0 && x + item.Width > width)
            {
                row++;
                x = 0;
            }

            yield return (item, row, left + x);
            x += item.Width;
        }
    }
}

/// <summary>Box fills by kind of operation: light, so labels stay legible and the one red box stands out.</summary>
internal static class BoxStyle
{
    public static string Fill(Op op) => op switch
    {
        Op.Lock or Op.Unlock or Op.RcuEnter or Op.RcuExit => "#fdebd3",
        Op.Alloc or Op.Free or Op.PageFree or Op.GracePeriod => "#dff0d8",
        Op.Wake or Op.Sleep or Op.Syscall => "#e8e2f4",
        _ => "#ffffff",
    };
}

/// <summary>Draws a <see cref="SwimlaneLayout"/>, back to front: row stripes, lanes, bars, boxes, lifetimes.</summary>
internal static class SwimlanePainter
{
    public const string RcuColour = "#17becf";
    public const string AllocatedColour = "#98df8a";
    public const string FreedColour = "#ff9896";
    private const string Ink = "#222222";
    private const string Muted = "#666666";
    private const string FreedPattern = "freed";

    public static void Paint(SvgWriter svg, SwimlaneLayout l, string title, string subtitle)
    {
        svg.Raw($"<defs><pattern id=\"{FreedPattern}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + $"<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><rect width=\"3\" height=\"6\" fill=\"{FreedColour}\"/></pattern></defs>");
        svg.Rect(0, 0, l.Width, l.Height, "#ffffff");
        svg.Text(SwimlaneLayout.Margin, 24, title, 14, Ink, bold: true);
        svg.Text(SwimlaneLayout.Margin, 44, subtitle, 12, l.Violation is null ? Muted : "#8b1a1a", bold: l.Violation is not null);
        Legend(svg, l);
        Rows(svg, l);
        Headers(svg, l);
        foreach (var h in l.Holds)
        {
            Bar(svg, l, h);
        }

        for (var row = 0; row < l.Journal.Count; row++)
        {
            Box(svg, l, row);
        }

        for (var i = 0; i < l.Objects.Count; i++)
        {
            Track(svg, l, l.Objects[i], l.TrackX + (i * SwimlaneLayout.ObjectColumn) + (SwimlaneLayout.ObjectColumn / 2));
        }
    }

    private static void Legend(SvgWriter svg, SwimlaneLayout l)
    {
        foreach (var (item, row, x) in SwimlaneLegend.Place(l.Legend, SwimlaneLayout.Margin, l.Width - (2 * SwimlaneLayout.Margin)))
        {
            var y = l.LegendTop + (row * SwimlaneLegend.RowHeight);
            var mid = y + 7;
            switch (item.Kind)
            {
                case Swatch.Box:
                    svg.Rect(x, y + 1, 14, 12, item.Colour, "#9fb6cd");
                    break;
                case Swatch.Bar:
                    svg.Rect(x + 4, y - 1, SwimlaneLayout.BarWidth, 16, item.Colour);
                    break;
                case Swatch.Allocated:
                    svg.Rect(x + 3, y - 1, 8, 16, item.Colour, "#777777");
                    break;
                case Swatch.Freed:
                    svg.Rect(x + 3, y - 1, 8, 16, $"url(#{FreedPattern})", "#777777");
                    break;
                case Swatch.Free:
                    Cross(svg, x + 7, mid);
                    break;
                case Swatch.PageFree:
                    Diamond(svg, x + 7, mid);
                    break;
                case Swatch.Access:
                    svg.Circle(x + 7, mid, 2.2, "#444444", null);
                    break;
                case Swatch.Dangling:
                    svg.Circle(x + 7, mid, 3.5, "#ffffff", "#000000");
                    break;
                case Swatch.None:
                    break;
            }

            svg.Text(x + 18, y + 11, item.Text, SwimlaneLegend.Font, item.Kind == Swatch.None ? "#8b1a1a" : Ink, bold: item.Kind == Swatch.None);
        }
    }

    private static void Rows(SvgWriter svg, SwimlaneLayout l)
    {
        var left = SwimlaneLayout.Margin;
        var right = l.Width - SwimlaneLayout.Margin;
        for (var row = 0; row < l.Journal.Count; row++)
        {
            var fill = row == l.ViolationRow ? "#fbe3e3" : row % 2 == 0 ? "#f6f8fa" : null;
            if (fill is not null)
            {
                svg.Rect(left, l.RowY(row), right - left, SwimlaneLayout.Row, fill);
            }

            var index = l.Journal[row].Index.ToString(CultureInfo.InvariantCulture);
            svg.Text(left + SwimlaneLayout.Gutter - 6, l.RowY(row) + 16, index, 9.5, row == l.ViolationRow ? "#8b1a1a" : Muted, bold: row == l.ViolationRow, anchor: "end");
        }

        // Lifelines: an actor exists from its first step to its last.
        foreach (var lane in l.Lanes)
        {
            var rows = Enumerable.Range(0, l.Journal.Count).Where(r => l.Journal[r].Actor == lane.Actor).ToList();
            var x = lane.BoxX + (lane.BoxWidth / 2);
            svg.Line(x, l.GridTop, x, l.RowMid(rows[^1]), "#b8c7d9", 1, dashed: true);
        }
    }

    private static void Headers(SvgWriter svg, SwimlaneLayout l)
    {
        var y = l.HeaderTop + l.HeaderHeight - SwimlaneLayout.HeaderBar;
        foreach (var lane in l.Lanes)
        {
            svg.Open($"<g class=\"lane-header\" data-actor=\"{SvgWriter.Escape(lane.Actor)}\">");
            svg.Rect(lane.BarsX, y, lane.Right - lane.BarsX, SwimlaneLayout.HeaderBar, Swimlane.LaneHeaderColour);
            svg.Text((lane.BarsX + lane.Right) / 2, y + 15, lane.Actor, 12, "#ffffff", bold: true, anchor: "middle");
            svg.Close("</g>");
        }

        for (var i = 0; i < l.Objects.Count; i++)
        {
            var x = l.TrackX + (i * SwimlaneLayout.ObjectColumn) + (SwimlaneLayout.ObjectColumn / 2) + 3;
            svg.Raw($"<text transform=\"translate({SvgWriter.N(x)},{SvgWriter.N(l.HeaderTop + l.HeaderHeight - 4)}) rotate(-90)\" font-size=\"{SvgWriter.N(SwimlaneLayout.FunctionFont)}\" fill=\"{Ink}\">{SvgWriter.Escape(Interleaving.Short(l.Objects[i].Name))}</text>");
        }
    }

    private static void Bar(SvgWriter svg, SwimlaneLayout l, Hold h)
    {
        var lane = l.Lanes.First(x => x.Actor == h.Actor);
        var top = l.RowMid(h.From);
        var bottom = h.To is { } to ? l.RowMid(to) : l.RowY(l.Journal.Count);
        var colour = h.Rcu ? RcuColour : l.LockColours[h.Name];
        var until = h.To is { } end ? $"released at step {l.Journal[end].Index.ToString(CultureInfo.InvariantCulture)}" : "still held at the end";
        var what = h.Rcu ? "inside rcu_read_lock" : $"holds {Interleaving.Short(h.Name)}";
        svg.Open("<g>");
        svg.Title($"{h.Actor} {what}: from step {l.Journal[h.From].Index.ToString(CultureInfo.InvariantCulture)}, {until}");
        svg.Rect(lane.BarX(h.Slot), top, SwimlaneLayout.BarWidth, bottom - top, colour);
        svg.Close("</g>");
    }

    private static void Box(SvgWriter svg, SwimlaneLayout l, int row)
    {
        var s = l.Journal[row];
        var lane = l.Lanes.First(x => x.Actor == s.Actor);
        var hit = row == l.ViolationRow;
        var y = l.RowY(row);
        svg.Open("<g class=\"step\">");
        svg.Title(Tooltip(s, hit ? l.Violation : null));
        svg.Rect(lane.BoxX, y + 1, lane.BoxWidth, SwimlaneLayout.Row - 2, hit ? Swimlane.HighlightColour : BoxStyle.Fill(s.Op), hit ? "#7a1010" : "#9fb6cd", radius: 3);
        var room = lane.BoxWidth - 8;
        svg.Text(lane.BoxX + 4, y + 9.5, Fit(SwimlaneLayout.FunctionLabel(s), room, SwimlaneLayout.FunctionFont), SwimlaneLayout.FunctionFont, hit ? "#ffffff" : Muted);
        svg.Text(lane.BoxX + 4, y + 19.5, Fit(SwimlaneLayout.OpLabel(s), room, SwimlaneLayout.OpFont), SwimlaneLayout.OpFont, hit ? "#ffffff" : Ink, bold: hit);
        svg.Close("</g>");
    }

    private static void Track(SvgWriter svg, SwimlaneLayout l, ObjectTrack o, double x)
    {
        var name = Interleaving.Short(o.Name);
        foreach (var life in o.Lives)
        {
            var end = l.RowY(l.Journal.Count);
            Segment(svg, x, l.RowMid(life.From), life.Freed is { } freed ? l.RowMid(freed) : end, AllocatedColour, $"{name} live from step {Index(l, life.From)}");
            if (life.Freed is { } f)
            {
                Segment(svg, x, l.RowMid(f), life.PageFreed is { } p ? l.RowMid(p) : end, $"url(#{FreedPattern})", $"{name} freed at step {Index(l, f)}");
            }
        }

        foreach (var (row, dangling) in o.Accesses)
        {
            var s = l.Journal[row];
            svg.Open("<g>");
            svg.Title($"step {Index(l, row)}: {s.Actor} {Interleaving.Describe(s)}");
            svg.Circle(x, l.RowMid(row), dangling ? 3.5 : 2.2, dangling ? "#ffffff" : "#444444", dangling ? "#000000" : null);
            svg.Close("</g>");
        }

        // Markers last, so a free is never hidden under the bar it ends.
        foreach (var life in o.Lives)
        {
            if (life.Freed is { } f)
            {
                Cross(svg, x, l.RowMid(f));
            }

            if (life.PageFreed is { } p)
            {
                Diamond(svg, x, l.RowMid(p));
            }
        }
    }

    private static void Segment(SvgWriter svg, double x, double top, double bottom, string fill, string title)
    {
        svg.Open("<g>");
        svg.Title(title);
        svg.Rect(x - 4, top, 8, Math.Max(1, bottom - top), fill, "#777777");
        svg.Close("</g>");
    }

    private static void Cross(SvgWriter svg, double x, double y)
    {
        svg.Line(x - 5, y - 5, x + 5, y + 5, "#000000", 2.2);
        svg.Line(x - 5, y + 5, x + 5, y - 5, "#000000", 2.2);
    }

    private static void Diamond(SvgWriter svg, double x, double y) =>
        svg.Raw($"<path d=\"M{SvgWriter.N(x)} {SvgWriter.N(y - 6)} L{SvgWriter.N(x + 6)} {SvgWriter.N(y)} L{SvgWriter.N(x)} {SvgWriter.N(y + 6)} L{SvgWriter.N(x - 6)} {SvgWriter.N(y)} Z\" fill=\"#000000\"/>");

    private static string Index(SwimlaneLayout l, int row) => l.Journal[row].Index.ToString(CultureInfo.InvariantCulture);

    private static string Tooltip(Step s, Violation? violation)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"step {s.Index} · {s.Actor} · {s.Function}\n");
        sb.Append(Interleaving.Describe(s)).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"op {s.Op}");
        if (s.Object is not null)
        {
            sb.Append(" on ").Append(s.Object).Append(s.Field.Length > 0 ? "." + s.Field : string.Empty);
            sb.Append(s.Cache is null ? string.Empty : $" (cache {s.Cache})");
            sb.Append(s.State is { } state ? $", {state}" : string.Empty);
            sb.Append(s.StalePointer ? ", through a stale pointer" : string.Empty);
        }

        sb.Append('\n');
        sb.Append("locks held: ").Append(s.Locks.Count == 0 ? "none" : string.Join(", ", s.Locks.Select(Interleaving.Short))).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"rcu depth {s.RcuDepth}");
        if (s.Detail is not null)
        {
            sb.Append('\n').Append(s.Detail);
        }

        if (violation is not null)
        {
            sb.Append("\n\n").Append(violation.Invariant).Append(": ").Append(violation.Title);
        }

        return sb.ToString();
    }

    private static string Fit(string text, double width, double font)
    {
        var max = (int)(width / (SwimlaneLayout.CharWidth * font));
        return text.Length <= max ? text : text[..Math.Max(0, max - 1)] + "…";
    }
}

/// <summary>Just enough SVG: escaped text, invariant-culture numbers, one element per call.</summary>
internal sealed class SvgWriter
{
    private const string Fonts = "'DejaVu Sans Mono','Liberation Mono',Menlo,Consolas,monospace";
    private readonly StringBuilder sb = new();

    public SvgWriter(double width, double height) =>
        this.sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"{Fonts}\">\n");

    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Escape(string s) => s
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    public void Raw(string element) => this.sb.Append(element).Append('\n');

    public void Open(string tag) => this.sb.Append(tag);

    public void Close(string tag) => this.sb.Append(tag).Append('\n');

    public void Title(string text) => this.sb.Append("<title>").Append(Escape(text)).Append("</title>");

    public void Rect(double x, double y, double w, double h, string fill, string? stroke = null, double radius = 0)
    {
        this.sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" fill=\"{fill}\"");
        this.sb.Append(stroke is null ? string.Empty : $" stroke=\"{stroke}\"");
        this.sb.Append(radius > 0 ? $" rx=\"{N(radius)}\"" : string.Empty);
        this.sb.Append("/>");
    }

    public void Circle(double x, double y, double r, string fill, string? stroke) =>
        this.sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"{N(r)}\" fill=\"{fill}\"{(stroke is null ? string.Empty : $" stroke=\"{stroke}\" stroke-width=\"1.5\"")}/>");

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width, bool dashed = false) =>
        this.sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\" stroke=\"{stroke}\" stroke-width=\"{N(width)}\"{(dashed ? " stroke-dasharray=\"3 3\"" : string.Empty)}/>\n");

    public void Text(double x, double y, string text, double size, string fill, bool bold = false, string anchor = "start") =>
        this.sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{N(size)}\" fill=\"{fill}\"{(bold ? " font-weight=\"bold\"" : string.Empty)}{(anchor == "start" ? string.Empty : $" text-anchor=\"{anchor}\"")}>{Escape(text)}</text>");

    public string Finish() => this.sb.Append("</svg>").ToString();
}
