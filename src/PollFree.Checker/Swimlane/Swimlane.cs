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
