using PollFree.Checker;

namespace PollFree.Tests;

public class ConfigTests
{
    private static CoyoteJson Parse(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pollfree-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            return CoyoteJson.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheRepositoryConfigLoads()
    {
        var c = TestSupport.Config;
        Assert.Contains(c.Defaults.Strategy, ExploreOptions.Strategies);
        Assert.True(c.CleanBudget.Schedules >= 10_000);
        Assert.True(c.CleanBudget.Strategies.Count >= 3);
    }

    [Theory]
    [InlineData("{\"iterations\": 5, \"bogus\": 1}", "'bogus'")]
    [InlineData("{\"iterations\": \"many\"}", "'iterations'")]
    [InlineData("{\"iterations\": 0}", "'iterations'")]
    [InlineData("{\"strategy\": \"dfs\"}", "'strategy'")]
    [InlineData("{\"seed\": -1}", "'seed'")]
    [InlineData("{\"cleanBudget\": {\"schedules\": 10, \"extra\": true}}", "'cleanBudget.extra'")]
    [InlineData("{\"cleanBudget\": {\"strategies\": []}}", "'cleanBudget.strategies'")]
    [InlineData("[1, 2]", "top level")]
    [InlineData("{\"iterations\": ", "not valid JSON")]
    public void BadConfigNamesTheKey(string json, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KnownKeysOverrideDefaults()
    {
        var c = Parse("{\"$comment\": \"x\", \"strategy\": \"random\", \"iterations\": 12, \"maxSteps\": 99, \"seed\": 3, \"timeout\": 4, \"livenessThreshold\": 5, \"outputDirectory\": \"o\"}");
        Assert.Equal(new ExploreOptions { Strategy = "random", Iterations = 12, MaxSteps = 99, Seed = 3, TimeoutSeconds = 4, LivenessThreshold = 5, OutputDirectory = "o" }, c.Defaults);
    }
}
