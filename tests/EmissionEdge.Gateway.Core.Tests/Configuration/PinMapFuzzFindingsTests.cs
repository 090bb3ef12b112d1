using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Tests.Support;

namespace EmissionEdge.Gateway.Core.Tests.Configuration;

/// <summary>What `emissionedge fuzz --target gateway-config` found in the pin map reader.</summary>
public class PinMapFuzzFindingsTests
{
    [Fact]
    public void A_UART_used_by_many_entries_is_reported_once_per_entry_not_once_per_earlier_entry()
    {
        // Found input: the repository's pin map with its UART entry copied ~2,000 times (227 kB); every copy was reported
        // against every earlier one, ~2 million problems, 7 s to read.
        var text = RepositoryFiles.Read("hardware/pinmaps/esp32-devkitc.json");
        var start = text.IndexOf("\"uarts\": [", StringComparison.Ordinal) + "\"uarts\": [".Length;
        var end = text.IndexOf(']', start);
        var entry = text[start..end].Trim();
        const int Copies = 300;
        var many = text[..start] + string.Join(",", Enumerable.Repeat(entry, Copies)) + text[end..];

        var problems = new ProblemList();
        Assert.Null(PinMapReader.Read(many, "pins.json", problems));

        var uartProblems = Enumerable.Range(0, problems.Count).Select(i => problems[i]).Where(p => p.Contains(".uart: UART1 is already used by", StringComparison.Ordinal)).ToList();
        Assert.Equal(Copies - 1, uartProblems.Count);
        Assert.All(uartProblems, p => Assert.EndsWith("already used by rs485-1", p, StringComparison.Ordinal));
    }
}
