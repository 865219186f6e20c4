using System.Text.Json;

namespace PollFree.Checker;

/// <summary>A coyote.json that cannot be used: the message names the key.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException()
    {
    }

    public ConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>How many schedules a fixed variant must survive per scenario, and over which strategies.</summary>
public sealed record CleanBudget(uint Schedules, IReadOnlyList<string> Strategies);

/// <summary>
/// The repository's exploration defaults (README "coyote.json"). Strict: an unknown key or a value of the wrong
/// type is an error naming the key. Keys starting with '$' are comments.
/// </summary>
public sealed record CoyoteJson(ExploreOptions Defaults, CleanBudget CleanBudget)
{
    public const string FileName = "coyote.json";

    public static CoyoteJson Default { get; } = new(new ExploreOptions(), new CleanBudget(10_000, ["pct", "fair-pct", "delay-bounding", "probabilistic", "random"]));

    /// <summary>Looks for coyote.json in <paramref name="start"/> and its parents; the built-in defaults if none.</summary>
    public static CoyoteJson Discover(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, FileName);
            if (System.IO.File.Exists(path))
            {
                return Load(path);
            }
        }

        return Default;
    }

    public static CoyoteJson Load(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new ConfigException($"{path}: cannot read: {e.Message}");
        }

        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            return Parse(doc.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{path}: not valid JSON: {e.Message}");
        }
    }

    private static CoyoteJson Parse(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException($"{path}: the top level must be an object");
        }

        var o = Default.Defaults;
        var budget = Default.CleanBudget;
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name.StartsWith('$'))
            {
                continue;
            }

            o = p.Name switch
            {
                "strategy" => o with { Strategy = Strategy(p, path) },
                "iterations" => o with { Iterations = Positive(p, path) },
                "maxSteps" => o with { MaxSteps = Positive(p, path) },
                "seed" => o with { Seed = UInt(p, path) },
                "timeout" => o with { TimeoutSeconds = (int)UInt(p, path) },
                "livenessThreshold" => o with { LivenessThreshold = UInt(p, path) },
                "outputDirectory" => o with { OutputDirectory = Str(p, path) },
                "cleanBudget" => o,
                _ => throw new ConfigException($"{path}: unknown key '{p.Name}'"),
            };
            if (p.Name == "cleanBudget")
            {
                budget = Budget(p, path);
            }
        }

        return new CoyoteJson(o, budget);
    }

    private static CleanBudget Budget(JsonProperty p, string path)
    {
        if (p.Value.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException($"{path}: key '{p.Name}' must be an object");
        }

        var b = Default.CleanBudget;
        foreach (var q in p.Value.EnumerateObject())
        {
            b = q.Name switch
            {
                "schedules" => b with { Schedules = Positive(q, path) },
                "strategies" when q.Value.ValueKind == JsonValueKind.Array && q.Value.GetArrayLength() > 0 =>
                    b with { Strategies = [.. q.Value.EnumerateArray().Select(e => Strategy(e, "cleanBudget.strategies", path))] },
                "strategies" => throw new ConfigException($"{path}: key 'cleanBudget.strategies' must be a non-empty array of strategy names"),
                _ => throw new ConfigException($"{path}: unknown key 'cleanBudget.{q.Name}'"),
            };
        }

        return b;
    }

    private static string Strategy(JsonProperty p, string path) => Strategy(p.Value, p.Name, path);

    private static string Strategy(JsonElement e, string key, string path)
    {
        var s = e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new ConfigException($"{path}: key '{key}' must be a string");
        return ExploreOptions.Strategies.Contains(s)
            ? s
            : throw new ConfigException($"{path}: key '{key}': unknown strategy '{s}' (one of {string.Join(", ", ExploreOptions.Strategies)})");
    }

    private static string Str(JsonProperty p, string path) =>
        p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } s
            ? s
            : throw new ConfigException($"{path}: key '{p.Name}' must be a non-empty string");

    private static uint UInt(JsonProperty p, string path) =>
        p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetUInt32(out var n)
            ? n
            : throw new ConfigException($"{path}: key '{p.Name}' must be a non-negative integer");

    private static uint Positive(JsonProperty p, string path) =>
        UInt(p, path) is > 0 and var n ? n : throw new ConfigException($"{path}: key '{p.Name}' must be a positive integer");
}
