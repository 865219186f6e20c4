using System.Text.Json;
using System.Text.Json.Serialization;

namespace PollFree.Cli;

/// <summary>--json output: one indented JSON document per invocation, camelCase keys, enums as strings.</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write(TextWriter w, object document) => w.WriteLine(JsonSerializer.Serialize(document, Options));
}
