using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmissionEdge.Compliance.Time;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Ingest.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace EmissionEdge.Functions.Functions;

/// <summary>
/// Read-only HTTP API for regulators and operators; every route needs a function key (<c>x-functions-key</c> header or
/// <c>code</c> query parameter). Times are ISO 8601; <c>from</c>/<c>to</c> default to the last 24 hours.
/// </summary>
public sealed class Api
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IIngestStore _store;
    private readonly IUnitCatalog _units;
    private readonly TimeProvider _time;

    /// <summary>Creates the API.</summary>
    /// <param name="store">The store.</param>
    /// <param name="units">The units.</param>
    /// <param name="time">The clock.</param>
    public Api(IIngestStore store, IUnitCatalog units, TimeProvider time)
    {
        _store = store;
        _units = units;
        _time = time;
    }

    /// <summary><c>GET /api/units</c>: the units and their plants.</summary>
    /// <param name="request">The request.</param>
    /// <returns>JSON array of <c>{unit, plant}</c>.</returns>
    [Function("GetUnits")]
    public Task<HttpResponseData> GetUnitsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "units")] HttpRequestData request) =>
        WriteAsync(request, HttpStatusCode.OK, _units.All.Select(u => new { unit = u.Unit, plant = u.Plant }));

    /// <summary><c>GET /api/units/{unit}/hours?from=&amp;to=</c>: stored hour results (engine JSON in <c>result</c>).</summary>
    /// <param name="request">The request.</param>
    /// <param name="unit">The unit.</param>
    /// <returns>JSON array.</returns>
    [Function("GetHours")]
    public async Task<HttpResponseData> GetHoursAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "units/{unit}/hours")] HttpRequestData request, string unit)
    {
        if (_units.Find(unit) is null)
        {
            return await WriteAsync(request, HttpStatusCode.NotFound, new { error = $"unit '{unit}' is not known" });
        }

        if (!TryRange(request, out var from, out var to, out var error))
        {
            return await WriteAsync(request, HttpStatusCode.BadRequest, new { error });
        }

        var hours = await _store.GetHoursAsync(unit, from, to, request.FunctionContext.CancellationToken);
        return await WriteAsync(request, HttpStatusCode.OK, hours.Select(h => new
        {
            unit = h.Unit,
            hourStartUtc = h.HourStartUtc,
            localStart = ChinaTime.Format(h.HourStartUtc),
            closed = h.Closed,
            revision = h.Revision,
            minutesReceived = h.MinutesReceived,
            result = JsonNode.Parse(h.Payload),
        }));
    }

    /// <summary><c>GET /api/units/{unit}/alerts?from=&amp;to=</c>: alerts (latest version) starting in the range.</summary>
    /// <param name="request">The request.</param>
    /// <param name="unit">The unit.</param>
    /// <returns>JSON array of alert notices.</returns>
    [Function("GetAlerts")]
    public async Task<HttpResponseData> GetAlertsAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "units/{unit}/alerts")] HttpRequestData request, string unit)
    {
        if (_units.Find(unit) is null)
        {
            return await WriteAsync(request, HttpStatusCode.NotFound, new { error = $"unit '{unit}' is not known" });
        }

        if (!TryRange(request, out var from, out var to, out var error))
        {
            return await WriteAsync(request, HttpStatusCode.BadRequest, new { error });
        }

        var alerts = await _store.GetAlertsAsync(unit, from, to, request.FunctionContext.CancellationToken);
        return await WriteAsync(request, HttpStatusCode.OK, alerts.Select(a => JsonNode.Parse(a.Payload)));
    }

    /// <summary><c>GET /api/gateways</c>: every gateway's health.</summary>
    /// <param name="request">The request.</param>
    /// <returns>JSON array.</returns>
    [Function("GetGateways")]
    public async Task<HttpResponseData> GetGatewaysAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "gateways")] HttpRequestData request) =>
        await WriteAsync(request, HttpStatusCode.OK, await _store.GetAllHealthAsync(request.FunctionContext.CancellationToken));

    /// <summary><c>GET /api/gateways/{device}</c>: one gateway's health, 404 when never heard from.</summary>
    /// <param name="request">The request.</param>
    /// <param name="device">The device id.</param>
    /// <returns>JSON object.</returns>
    [Function("GetGateway")]
    public async Task<HttpResponseData> GetGatewayAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = "gateways/{device}")] HttpRequestData request, string device)
    {
        var health = await _store.GetHealthAsync(device, request.FunctionContext.CancellationToken);
        return health is null
            ? await WriteAsync(request, HttpStatusCode.NotFound, new { error = $"gateway '{device}' has not been heard from" })
            : await WriteAsync(request, HttpStatusCode.OK, health);
    }

    private bool TryRange(HttpRequestData request, out DateTime from, out DateTime to, out string? error)
    {
        var query = System.Web.HttpUtility.ParseQueryString(request.Url.Query);
        var now = _time.GetUtcNow().UtcDateTime;
        to = now;
        from = now.AddHours(-24);
        error = null;
        if (!TryTime(query, "from", ref from, out error) || !TryTime(query, "to", ref to, out error))
        {
            return false;
        }

        if (from >= to)
        {
            error = $"from ({from:o}) must be before to ({to:o})";
            return false;
        }

        return true;
    }

    private static bool TryTime(System.Collections.Specialized.NameValueCollection query, string name, ref DateTime value, out string? error)
    {
        error = null;
        var text = query[name];
        if (text is null)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            error = $"{name}: not an ISO 8601 time: '{text}'";
            return false;
        }

        value = parsed.UtcDateTime;
        return true;
    }

    private static async Task<HttpResponseData> WriteAsync<T>(HttpRequestData request, HttpStatusCode status, T body)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await JsonSerializer.SerializeAsync(response.Body, body, Json, request.FunctionContext.CancellationToken);
        return response;
    }
}
