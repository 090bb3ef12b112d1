using EmissionEdge.Ingest.Evaluation;

namespace EmissionEdge.Ingest.Tests.Evaluation;

public class PayloadCacheTests
{
    [Fact]
    public void A_payload_is_parsed_once_until_the_cache_is_full_and_emptied()
    {
        var parses = 0;
        string Parse(string text)
        {
            parses++;
            return text.ToUpperInvariant();
        }

        var cache = new PayloadCache<string>(capacity: 3);
        Assert.Equal("A", cache.GetOrParse("a", Parse));
        Assert.Equal("A", cache.GetOrParse("a", Parse));
        cache.Remember("b", "made from b"); // what a value was encoded to: reading it back costs no parse
        Assert.Equal("made from b", cache.GetOrParse("b", Parse));
        Assert.Equal(1, parses);

        cache.GetOrParse("c", Parse); // third payload: full
        cache.GetOrParse("d", Parse); // emptied before d went in
        Assert.Equal("A", cache.GetOrParse("a", Parse));
        Assert.Equal(4, parses); // a, c, d, then a again
    }
}
