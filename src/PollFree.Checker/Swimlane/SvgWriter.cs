using System.Globalization;
using System.Text;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Checker;

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
