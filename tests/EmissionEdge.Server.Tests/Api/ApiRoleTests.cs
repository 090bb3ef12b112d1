using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Server.Tests.Support;

namespace EmissionEdge.Server.Tests.Api;

/// <summary>
/// The API with its keys: no key, no data; each key sees only its units; only regulators acknowledge. U2 gets one hour of
/// SO2 at 80 mg/m3 (O2 at the 6 % reference, so the corrected value is 80.0, over the 35 limit) in the last full hour.
/// </summary>
public sealed class ApiRoleTests(ApiRoleTests.Plant plant) : IClassFixture<ApiRoleTests.Plant>
{
    public sealed class Plant : IAsyncLifetime
    {
        public RunningPlant Running { get; } = new();

        public async Task InitializeAsync()
        {
            await Running.InitializeAsync();
            var outcome = await Running.SendAsync("gw-u2", TestPlant.Hour("gw-u2", "U2", 1, TestPlant.HoursAgo(1), so2: 80));
            Assert.Equal(IngestStatus.Accepted, outcome.Status);
            outcome = await Running.SendAsync("gw-u1", TestPlant.Hour("gw-u1", "U1", 1, TestPlant.HoursAgo(1), so2: 20));
            Assert.Equal(IngestStatus.Accepted, outcome.Status);
        }

        public Task DisposeAsync() => Running.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/units")]
    [InlineData("/api/units/U1")]
    [InlineData("/api/units/U1/minutes")]
    [InlineData("/api/units/U1/hours")]
    [InlineData("/api/alerts?open=true")]
    [InlineData("/api/gateways")]
    [InlineData("/api/events")]
    public async Task Without_a_key_every_endpoint_answers_401(string path)
    {
        using var client = plant.Running.Api(null);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_answers_401()
    {
        using var client = plant.Running.Api("not-a-key-of-this-plant");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/units")).StatusCode);
    }

    [Fact]
    public async Task The_operator_sees_its_units_with_their_state()
    {
        using var client = plant.Running.Api(TestPlant.OperatorKey);
        var units = await client.GetFromJsonAsync<JsonElement>("/api/units");
        Assert.Equal(["U1", "U2"], units.EnumerateArray().Select(u => u.GetProperty("id").GetString()));
        var u2 = units.EnumerateArray().Single(u => u.GetProperty("id").GetString() == "U2");
        Assert.Equal("exceeding", u2.GetProperty("state").GetString());
        var so2 = u2.GetProperty("judgedHour").GetProperty("pollutants").GetProperty("SO2");
        Assert.Equal(80.0m, so2.GetProperty("correctedAverage").GetDecimal());
        Assert.Equal(35m, so2.GetProperty("limit").GetDecimal());
        Assert.Equal(60, so2.GetProperty("validMinutes").GetInt32());
        var u1 = units.EnumerateArray().Single(u => u.GetProperty("id").GetString() == "U1");
        Assert.Equal("compliant", u1.GetProperty("state").GetString());

        var gateways = await client.GetFromJsonAsync<JsonElement>("/api/gateways");
        Assert.Equal(["gw-u1", "gw-u2"], gateways.EnumerateArray().Select(g => g.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_regulator_cannot_see_other_units()
    {
        using var client = plant.Running.Api(TestPlant.RegulatorU1Key);
        var units = await client.GetFromJsonAsync<JsonElement>("/api/units");
        Assert.Equal(["U1"], units.EnumerateArray().Select(u => u.GetProperty("id").GetString()));
        foreach (var path in new[] { "/api/units/U2", "/api/units/U2/minutes", "/api/units/U2/hours", "/api/alerts?unit=U2" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        }

        var alerts = await client.GetFromJsonAsync<JsonElement>("/api/alerts");
        Assert.DoesNotContain(alerts.EnumerateArray(), a => a.GetProperty("unit").GetString() == "U2");
        var gateways = await client.GetFromJsonAsync<JsonElement>("/api/gateways");
        Assert.Equal(["gw-u1"], gateways.EnumerateArray().Select(g => g.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_exceedance_is_listed_and_only_its_regulator_can_acknowledge_it()
    {
        using var operatorClient = plant.Running.Api(TestPlant.OperatorKey);
        var alerts = await operatorClient.GetFromJsonAsync<JsonElement>("/api/alerts?open=true");
        var alert = alerts.EnumerateArray().Single(a => a.GetProperty("unit").GetString() == "U2" && a.GetProperty("kind").GetString() == "exceedance");
        Assert.Equal("SO2", alert.GetProperty("pollutant").GetString());
        Assert.Equal(80.0m, alert.GetProperty("peak").GetDecimal());
        Assert.Equal(TestPlant.HoursAgo(1), alert.GetProperty("startUtc").GetDateTime().ToUniversalTime());
        var id = alert.GetProperty("alertId").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsync($"/api/alerts/{id}/acknowledge", null)).StatusCode);
        using var otherRegulator = plant.Running.Api(TestPlant.RegulatorU1Key);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRegulator.PostAsync($"/api/alerts/{id}/acknowledge", null)).StatusCode);

        using var regulator = plant.Running.Api(TestPlant.RegulatorU2Key);
        var response = await regulator.PostAsJsonAsync($"/api/alerts/{id}/acknowledge", new { note = "called the plant" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        alerts = await operatorClient.GetFromJsonAsync<JsonElement>("/api/alerts?open=true");
        var acknowledged = alerts.EnumerateArray().Single(a => a.GetProperty("alertId").GetString() == id).GetProperty("acknowledgement");
        Assert.Equal("EPB U2", acknowledged.GetProperty("by").GetString());
        Assert.Equal("called the plant", acknowledged.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Hours_carry_the_engine_result_and_bad_times_are_refused_by_name()
    {
        using var client = plant.Running.Api(TestPlant.OperatorKey);
        var hours = await client.GetFromJsonAsync<JsonElement>("/api/units/U1/hours");
        var hour = hours.EnumerateArray().Single(h => h.GetProperty("startUtc").GetDateTime().ToUniversalTime() == TestPlant.HoursAgo(1));
        Assert.Equal(20.0m, hour.GetProperty("pollutants").GetProperty("SO2").GetProperty("correctedAverage").GetDecimal());
        Assert.False(hour.GetProperty("pollutants").GetProperty("SO2").GetProperty("exceeds").GetBoolean());

        var bad = await client.GetAsync("/api/units/U1/minutes?from=2026-11-26T08:00:00");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("from: must be an ISO 8601 time with Z or an offset", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
