using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PollFree.Checker;
using PollFree.Cli;
using PollFree.Kernel;
using PollFree.Specs;

namespace PollFree.Tests;

/// <summary>The HTML swimlane of `pollfree show --html`: its markup, and what a browser actually draws of it.</summary>
public sealed class SwimlaneTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly Lazy<Outcome> V1 = new(() => PollFree.Checker.Checker.Explore(Variant.V1, Scenario.CloseRacesReap, TestSupport.Defaults));

    private static Outcome Counterexample
    {
        get
        {
            Assert.NotNull(V1.Value.Violation);
            return V1.Value;
        }
    }

    private static List<string> Actors(Outcome o) => [.. o.Journal.Select(s => s.Actor).Distinct()];

    private static XDocument SvgOf(string html)
    {
        var start = html.IndexOf("<svg", StringComparison.Ordinal);
        var end = html.IndexOf("</svg>", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "no inline <svg>");
        return XDocument.Parse(html[start..(end + "</svg>".Length)]);
    }

    [Fact]
    public void SwimlaneIsWellFormedWithOneLanePerActorAndOneHighlightedStep()
    {
        var o = Counterexample;
        var html = Swimlane.Html(o.Journal, o.Violation, "v1 × close-races-reap");
        var doc = SvgOf(html);

        var lanes = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "lane-header").Select(g => (string)g.Attribute("data-actor")!).ToList();
        Assert.Equal(Actors(o), lanes);

        var red = doc.Descendants().Where(e => string.Equals((string?)e.Attribute("fill"), Swimlane.HighlightColour, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Single(red);
        Assert.Equal(1, Regex.Count(html, Swimlane.HighlightColour, RegexOptions.IgnoreCase));
        var tooltip = red[0].Parent!.Element(Svg + "title")!.Value;
        Assert.StartsWith($"step {o.Violation!.Step.ToString(CultureInfo.InvariantCulture)} · ", tooltip, StringComparison.Ordinal);
        Assert.Contains(o.Violation.Title, tooltip, StringComparison.Ordinal);

        // Self-contained: the SVG namespace is the only URL, every url() is a local reference, no script.
        Assert.Equal(1, Regex.Count(html, "http", RegexOptions.IgnoreCase));
        Assert.Contains("xmlns=\"http://www.w3.org/2000/svg\"", html, StringComparison.Ordinal);
        Assert.All(Regex.Matches(html, @"url\((.)").Select(m => m.Groups[1].Value), c => Assert.Equal("#", c));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<title>v1 × close-races-reap</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryStepIsABoxWhoseTooltipNamesItsLocksAndRcuDepth()
    {
        var o = Counterexample;
        var titles = SvgOf(Swimlane.Html(o.Journal, o.Violation, "t")).Descendants(Svg + "g")
            .Where(g => (string?)g.Attribute("class") == "step").Select(g => g.Element(Svg + "title")!.Value).ToList();
        Assert.Equal(o.Journal.Count, titles.Count);
        var s = o.Journal.First(s => s.Locks.Count > 1);
        var title = titles[o.Journal.ToList().IndexOf(s)];
        Assert.Contains(Interleaving.Describe(s), title, StringComparison.Ordinal);
        Assert.Contains("locks held: " + string.Join(", ", s.Locks.Select(Interleaving.Short)), title, StringComparison.Ordinal);
        Assert.Contains($"rcu depth {s.RcuDepth.ToString(CultureInfo.InvariantCulture)}", title, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkupInNamesIsEscaped()
    {
        Step[] journal =
        [
            new(0, "<A&B>", "f\"'", Op.Alloc, "x<1>", "c&", string.Empty, Lifetime.Allocated, false, [], 0, null),
            new(1, "<A&B>", "g", Op.Lock, "x<1>", "c&", "l<k>", Lifetime.Allocated, false, ["x<1>->l<k>"], 1, "d</svg>&"),
            new(2, "<A&B>", "g", Op.Free, "x<1>", "c&", string.Empty, Lifetime.Freed, false, [], 0, null),
        ];
        var doc = SvgOf(Swimlane.Html(journal, null, "<title>&"));
        Assert.Equal("<A&B>", (string?)doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "lane-header").Attribute("data-actor"));
        Assert.Contains(doc.Descendants(Svg + "title"), t => t.Value.Contains("d</svg>&", StringComparison.Ordinal));
        Assert.DoesNotContain(doc.Descendants(), e => (string?)e.Attribute("fill") == Swimlane.HighlightColour);
    }

    [Fact]
    public void ShowHtmlWritesThePageOrSaysInOneLineWhyNot()
    {
        var dir = Directory.CreateTempSubdirectory("pollfree-show-html-").FullName;
        try
        {
            Assert.Equal(App.Bug, Cli("explore", "--variant", "v1", "--scenario", "close-races-reap", "--out", dir).Code);
            var trace = Directory.GetFiles(dir, "*.trace").Single();
            var page = Path.Combine(dir, "v1.html");
            var written = Cli("show", trace, "--html", page);
            Assert.Equal(App.Ok, written.Code);
            Assert.Equal($"wrote {page}\n", written.Out.ReplaceLineEndings("\n"));
            Assert.Contains("<svg xmlns=", System.IO.File.ReadAllText(page), StringComparison.Ordinal);

            // A path below a regular file can never be created, whoever runs the test.
            var refused = Cli("show", trace, "--html", Path.Combine(trace, "v1.html"));
            Assert.Equal(App.BadInput, refused.Code);
            var line = Assert.Single(refused.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"pollfree: {Path.Combine(trace, "v1.html")}: cannot write", line, StringComparison.Ordinal);
            Assert.Empty(refused.Out);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ChromiumDrawsTheLanesAndTheHighlightedStep()
    {
        if (!System.IO.File.Exists(Chromium))
        {
            // CI (CI=true; .ci/run installs chromium) must draw; a developer machine without chromium is told how.
            Assert.True(
                Environment.GetEnvironmentVariable("CI") != "true",
                "install Debian's chromium: apt-get install -y chromium");
            Console.Error.WriteLine("SwimlaneTests: chromium is not installed, screenshot not taken (apt-get install -y chromium)");
            return;
        }

        var o = Counterexample;
        var dir = Directory.CreateTempSubdirectory("pollfree-swimlane-").FullName;
        try
        {
            var html = Path.Combine(dir, "v1.html");
            var png = Path.Combine(dir, "v1.png");
            System.IO.File.WriteAllText(html, Swimlane.Html(o.Journal, o.Violation, "v1 × close-races-reap"));
            Screenshot(html, png, Path.Combine(dir, "profile"));
            var image = Png.Decode(System.IO.File.ReadAllBytes(png));

            var ink = Count(image, (r, g, b) => r < 235 || g < 235 || b < 235);
            Assert.True(ink > image.Width * image.Height / 20, $"page looks blank: {ink} non-white pixels");
            var red = Count(image, (r, g, b) => Near((r, g, b), Swimlane.HighlightColour));
            Assert.True(red > 500, $"the violating step's box is not drawn: {red} pixels of {Swimlane.HighlightColour}");
            var lanes = HeaderRegions(image);
            Assert.True(lanes >= Actors(o).Count, $"{lanes} lane headers drawn for {Actors(o).Count} actors");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        var code = App.Run(["--config", Path.Combine(AppContext.BaseDirectory, "coyote.json"), .. args], o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static void Screenshot(string html, string png, string profile)
    {
        var psi = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--hide-scrollbars",
            "--window-size=1400,2400", $"--screenshot={png}", new Uri(html).AbsoluteUri,
        })
        {
            psi.ArgumentList.Add(arg);
        }

        var log = new StringBuilder();
        using var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => Append(log, e.Data);
        p.ErrorDataReceived += (_, e) => Append(log, e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish its screenshot within 60 s:\n{log}");
        }

        p.WaitForExit(); // drains the redirected output
        Assert.True(System.IO.File.Exists(png), $"chromium (exit {p.ExitCode}) wrote no screenshot:\n{log}");
    }

    private static void Append(StringBuilder log, string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static int Count(Png image, Func<byte, byte, byte, bool> match)
    {
        var n = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image.Pixel(x, y);
                n += match(r, g, b) ? 1 : 0;
            }
        }

        return n;
    }

    /// <summary>Runs of screen columns that contain lane-header blue: one per lane header, since nothing else is that colour.</summary>
    private static int HeaderRegions(Png image)
    {
        var runs = 0;
        var inRun = false;
        for (var x = 0; x < image.Width; x++)
        {
            var blue = false;
            for (var y = 0; y < image.Height && !blue; y++)
            {
                blue = Near(image.Pixel(x, y), Swimlane.LaneHeaderColour);
            }

            runs += blue && !inRun ? 1 : 0;
            inRun = blue;
        }

        return runs;
    }

    private static bool Near((byte R, byte G, byte B) p, string hex)
    {
        var c = Convert.FromHexString(hex.AsSpan(1));
        return Math.Abs(p.R - c[0]) <= 6 && Math.Abs(p.G - c[1]) <= 6 && Math.Abs(p.B - c[2]) <= 6;
    }
}
