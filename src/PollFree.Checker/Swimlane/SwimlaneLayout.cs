using System.Globalization;
using System.Text;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Checker;

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
