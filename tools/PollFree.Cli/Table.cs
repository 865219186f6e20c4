namespace PollFree.Cli;

/// <summary>Aligned plain-text tables for humans.</summary>
internal static class Table
{
    public static void Write(TextWriter w, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Count).Select(i => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
        {
            w.WriteLine(string.Join("  ", row.Select((c, i) => i == row.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
            if (ReferenceEquals(row, header))
            {
                w.WriteLine(string.Join("  ", widths.Select(n => new string('-', n))));
            }
        }
    }
}
