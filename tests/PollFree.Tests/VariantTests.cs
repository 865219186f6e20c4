using PollFree.Kernel;

namespace PollFree.Tests;

public class VariantTests
{
    [Theory]
    [InlineData("v0", "v0")]
    [InlineData("V3", "v3")]
    [InlineData("d80e731", "v1")]
    [InlineData("971316f0503a", "v2")]
    [InlineData("138e4ad67afd5c", "v3")]
    [InlineData("9537bae", "v4")]
    public void FindsByIdOrCommitPrefix(string key, string id) => Assert.Equal(id, Variant.Find(key)!.Id);

    [Theory]
    [InlineData("v9")]
    [InlineData("deadbeef")]
    [InlineData("d8")]
    public void UnknownKeysFindNothing(string key) => Assert.Null(Variant.Find(key));

    [Fact]
    public void EachVariantIsTheDeltaItsCommitMade()
    {
        Assert.Equal<string>([nameof(Variant.Cleanup), nameof(Variant.Pollfree)], Delta(Variant.V0, Variant.V1));
        Assert.Equal<string>([nameof(Variant.Pollfree), nameof(Variant.Removal)], Delta(Variant.V1, Variant.V2));
        Assert.Equal<string>([nameof(Variant.Pollfree)], Delta(Variant.V2, Variant.V3));
        Assert.Equal<string>([nameof(Variant.Cleanup)], Delta(Variant.V3, Variant.V4));
        Assert.All(Variant.All, v => Assert.False(v.IsMutant));
        Assert.True((Variant.V3 with { Pollfree = PollfreeHandling.None }).IsMutant);
    }

    private static string[] Delta(Variant a, Variant b)
    {
        var names = new List<string>();
        if (a.Cleanup != b.Cleanup)
        {
            names.Add(nameof(Variant.Cleanup));
        }

        if (a.Pollfree != b.Pollfree)
        {
            names.Add(nameof(Variant.Pollfree));
        }

        if (a.Removal != b.Removal)
        {
            names.Add(nameof(Variant.Removal));
        }

        return [.. names];
    }
}
