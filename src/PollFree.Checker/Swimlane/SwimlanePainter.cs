using System.Globalization;
using System.Text;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Checker;

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
