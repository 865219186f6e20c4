using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using PollFree.Kernel;

namespace PollFree.Checker;

/// <summary>A trace file that cannot be used: the message says why, in one line.</summary>
public sealed class TraceFileException : Exception
{
    public TraceFileException(string message)
        : base(message)
    {
    }

    public TraceFileException()
    {
    }

    public TraceFileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>PollFree's metadata inside a saved schedule: what it was found against, and the schedule as named
/// kernel events (actor, kernel function, operation, object) so a stale file can say where it stopped matching.</summary>
public sealed record TraceMetadata(
    string Version,
    int ModelRevision,
    string Variant,
    string Commit,
    string Scenario,
    string Strategy,
    uint Seed,
    long Schedule,
    string Invariant,
    string Function,
    IReadOnlyList<string> Events);

/// <summary>
/// A failing schedule on disk: Coyote's reproducible trace (so `coyote replay` accepts the file too) with one extra
/// top-level property, "PollFree", holding <see cref="TraceMetadata"/>.
/// </summary>
public static class TraceFile
{
    /// <summary>Bumped whenever a change to the kernel model changes which scheduling points exist.</summary>
    public const int ModelRevision = 2;

    public const string Property = "PollFree";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Version { get; } =
        typeof(TraceFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string FileName(Outcome o) => $"{o.Variant.Id}-{o.Scenario.Id}-{o.Options.Seed}.trace";

    /// <summary>One line per step, the unit a stale schedule is compared in.</summary>
    public static string EventOf(Step s) => $"{s.Actor} {s.Function} {s.Op} {s.Object}{(s.Field.Length > 0 ? "." + s.Field : string.Empty)}";

    public static string Compose(Outcome o)
    {
        var trace = o.ReproducibleTrace ?? throw new InvalidOperationException("no failing schedule to save");
        var root = JsonNode.Parse(trace)!.AsObject();
        var meta = new TraceMetadata(
            Version,
            ModelRevision,
            o.Variant.Id,
            o.Variant.Commit,
            o.Scenario.Id,
            o.Options.Strategy,
            o.Options.Seed,
            o.FirstBugSchedule ?? 0,
            o.Violation?.Invariant ?? "clean",
            o.Violation?.Function ?? string.Empty,
            [.. o.Journal.Select(EventOf)]);
        root[Property] = JsonSerializer.SerializeToNode(meta, Json);
        return root.ToJsonString(Json) + "\n";
    }

    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a file.</summary>
    public static void WriteAtomic(string path, string content)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        System.IO.File.WriteAllText(tmp, content);
        System.IO.File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a saved schedule; every way it can be unusable is a <see cref="TraceFileException"/>.</summary>
    public static (TraceMetadata Meta, Variant Variant, Scenario Scenario, string CoyoteTrace) Read(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            throw new TraceFileException($"{path}: no such file");
        }

        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new TraceFileException($"{path}: cannot read: {e.Message}");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(text)?.AsObject() ?? throw new TraceFileException($"{path}: empty file");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new TraceFileException($"{path}: not a trace: {(text.Length == 0 ? "empty file" : "truncated or corrupt JSON")}");
        }

        if (root["Steps"] is not JsonArray || root["CoyoteVersion"] is null)
        {
            throw new TraceFileException($"{path}: not a Coyote trace (no CoyoteVersion/Steps)");
        }

        if (root[Property] is not JsonObject metaNode)
        {
            throw new TraceFileException($"{path}: a Coyote trace without PollFree metadata: it does not say which variant and scenario it belongs to");
        }

        TraceMetadata meta;
        try
        {
            meta = metaNode.Deserialize<TraceMetadata>(Json) ?? throw new JsonException();
        }
        catch (JsonException)
        {
            throw new TraceFileException($"{path}: its PollFree metadata is corrupt");
        }

        if (meta.ModelRevision != ModelRevision)
        {
            throw new TraceFileException($"{path}: recorded against model revision {meta.ModelRevision}, this PollFree {Version} has revision {ModelRevision}; regenerate it with `pollfree explore --variant {meta.Variant} --scenario {meta.Scenario} --seed {meta.Seed}`");
        }

        var variant = Variant.Find(meta.Variant) ?? throw new TraceFileException($"{path}: recorded variant '{meta.Variant}' is unknown to this PollFree");
        var scenario = Scenario.Find(meta.Scenario) ?? throw new TraceFileException($"{path}: recorded scenario '{meta.Scenario}' is unknown to this PollFree");
        root.Remove(Property);
        return (meta, variant, scenario, root.ToJsonString());
    }

    /// <summary>The first step where a replayed journal departs from the recorded events, or null if it does not.</summary>
    public static (int Index, string? Recorded, string? Now)? Divergence(IReadOnlyList<string> recorded, IReadOnlyList<Step> now)
    {
        var n = Math.Max(recorded.Count, now.Count);
        for (var i = 0; i < n; i++)
        {
            var r = i < recorded.Count ? recorded[i] : null;
            var c = i < now.Count ? EventOf(now[i]) : null;
            if (r != c)
            {
                return (i, r, c);
            }
        }

        return null;
    }
}
