using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PollFree.Kernel;

namespace PollFree.Specs;

/// <summary>
/// What a spec reports: the invariant, the kernel function, the object and its cache, the access, and who allocated,
/// freed and touched the object. It travels inside Coyote's bug text as one marker line, so a report read back from
/// the engine (or from `coyote test` output) can be parsed without guessing.
/// </summary>
public sealed record Violation(
    string Invariant,
    string Title,
    string Function,
    IReadOnlyList<string> Chain,
    string Object,
    string Type,
    string Cache,
    string Field,
    string Access,
    string Lifetime,
    int Step,
    int RcuDepth,
    IReadOnlyList<string> Locks,
    Provenance? AllocatedBy,
    Provenance? FreedBy,
    Provenance? AccessedBy,
    string Explanation)
{
    public const string Marker = "pollfree-violation: ";

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Finds the marker line in a bug report; null when the report is not one of PollFree's violations.</summary>
    public static Violation? Parse(string report)
    {
        var at = report.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + Marker.Length;
        var end = report.IndexOf('\n', start);
        var json = end < 0 ? report[start..] : report[start..end];
        return JsonSerializer.Deserialize<Violation>(json.Trim(), Json);
    }

    /// <summary>
    /// The report in the layout kernel developers read every day: the syzbot-style title, the access, the invariant in
    /// plain words, the RCU and lock state at the access, the three stacks, and the object and its cache. The marker
    /// line (machine-readable) follows unless <paramref name="marker"/> is false.
    /// </summary>
    public string Render(bool marker = true)
    {
        var sb = new StringBuilder();
        sb.Append("==================================================================\n");
        sb.Append(this.Title).Append('\n');
        if (this.Access.Length > 0)
        {
            sb.Append($"{this.Access} of {this.Type}.{this.Field} by task {this.AccessedBy?.Actor ?? "?"} at step {this.Step}\n");
        }

        sb.Append($"\n{this.Invariant} violated: {this.Explanation}\n");
        sb.Append($"at the access: rcu_read_lock depth {this.RcuDepth}, locks held: {(this.Locks.Count == 0 ? "none" : string.Join(", ", this.Locks))}\n");
        AppendStack(sb, "Accessed by", this.AccessedBy);
        AppendStack(sb, "Allocated by", this.AllocatedBy);
        AppendStack(sb, "Freed by", this.FreedBy);
        if (this.Object.Length > 0)
        {
            sb.Append($"\nThe buggy address belongs to the object {this.Object}\n which belongs to the cache {this.Cache}: {this.Lifetime}\n");
        }

        sb.Append("==================================================================\n");
        if (marker)
        {
            sb.Append(Marker).Append(this.ToJson()).Append('\n');
        }

        return sb.ToString();
    }

    private static void AppendStack(StringBuilder sb, string what, Provenance? p)
    {
        if (p is null)
        {
            return;
        }

        sb.Append($"\n{what} task {p.Actor} (step {p.Step}):\n");
        foreach (var frame in p.Chain.Reverse())
        {
            sb.Append("  ").Append(frame).Append('\n');
        }
    }
}
