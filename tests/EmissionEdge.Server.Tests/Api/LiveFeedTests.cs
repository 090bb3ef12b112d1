using System.Text.Json;
using EmissionEdge.Server.Tests.Support;

namespace EmissionEdge.Server.Tests.Api;

/// <summary>The Server-Sent Events feed: new minutes, hours and alerts of the key's units, and nothing of other units.</summary>
public sealed class LiveFeedTests(RunningPlant plant) : IClassFixture<RunningPlant>
{
    [Fact]
    public async Task A_regulator_receives_its_units_minutes_hours_and_alerts_and_not_other_units()
    {
        using var client = plant.Api(TestPlant.RegulatorU1Key);
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var events = ReadEvents(reader, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("hello", events.Current.Type);

        // U2 first (must not reach a U1 regulator), then an exceeding hour of U1.
        var hour = TestPlant.HoursAgo(3);
        await plant.SendAsync("gw-u2", TestPlant.Record("gw-u2", "U2", 1, hour, so2: 90));
        await plant.SendAsync("gw-u1", TestPlant.Hour("gw-u1", "U1", 1, hour, so2: 50));

        var seen = new List<(string Type, JsonElement Data)>();
        while (!(seen.Any(e => e.Type == "hour") && seen.Any(e => e.Type == "alert")) && await events.MoveNextAsync())
        {
            if (events.Current.Type is "minute" or "hour" or "alert")
            {
                seen.Add((events.Current.Type, JsonDocument.Parse(events.Current.Data).RootElement));
            }
        }

        Assert.All(seen, e => Assert.Equal("U1", e.Data.GetProperty("unit").GetString()));
        Assert.Equal(60, seen.Count(e => e.Type == "minute"));
        var first = seen.First(e => e.Type == "minute").Data;
        Assert.Equal(hour, first.GetProperty("minuteUtc").GetDateTime().ToUniversalTime());
        Assert.Equal(50.0, first.GetProperty("pollutants").GetProperty("SO2").GetProperty("corrected").GetDouble(), 6);
        var hourEvent = seen.Last(e => e.Type == "hour").Data;
        Assert.True(hourEvent.GetProperty("pollutants").GetProperty("SO2").GetProperty("exceeds").GetBoolean());
        var alert = seen.Single(e => e.Type == "alert").Data;
        Assert.Equal("exceedance", alert.GetProperty("kind").GetString());
        Assert.Equal("SO2", alert.GetProperty("pollutant").GetString());
    }

    private static async IAsyncEnumerable<(string Type, string Data)> ReadEvents(StreamReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string type = "message";
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    yield return (type, string.Join('\n', data));
                }

                type = "message";
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                type = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].TrimStart());
            }
        }
    }
}
