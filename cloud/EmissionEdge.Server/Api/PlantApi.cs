using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Evaluation;
using EmissionEdge.Server.Alerts;
using EmissionEdge.Server.Configuration;
using EmissionEdge.Server.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EmissionEdge.Server.Api;

/// <summary>
/// The REST API and live feed. Every endpoint needs an API key (<c>X-Api-Key</c>); a key sees only its units: another
/// unit is 404, exactly like a unit that does not exist. Regulators may also acknowledge alerts.
/// </summary>
public static class PlantApi
{
    /// <summary>Longest span of one minutes request.</summary>
    public static readonly TimeSpan MaxMinuteSpan = TimeSpan.FromHours(48);

    /// <summary>Longest span of one hours request.</summary>
    public static readonly TimeSpan MaxHourSpan = TimeSpan.FromDays(93);

    /// <summary>Time between keep-alive events on the live feed.</summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    /// <summary>Maps the API under <c>/api</c>.</summary>
    /// <param name="endpoints">The app.</param>
    /// <returns>The group.</returns>
    public static RouteGroupBuilder MapPlantApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization();
        api.MapGet("/me", (ApiCaller caller, PlantStatus status, PlantConfig config) =>
            Results.Json(new { caller.Name, caller.Role, Units = caller.Units.Order(StringComparer.Ordinal), config.Plant, ServerTimeUtc = status.NowUtc }, LiveFeed.JsonOptions));

        api.MapGet("/units", async (ApiCaller caller, PlantStatus status, PlantConfig config, CancellationToken ct) =>
        {
            var views = new List<UnitView>();
            foreach (var unit in config.Units.Where(u => caller.Sees(u.Id)))
            {
                views.Add(await status.GetUnitAsync(status.Find(unit.Id)!, ct));
            }

            return Results.Json(views, LiveFeed.JsonOptions);
        });

        api.MapGet("/units/{id}", async (string id, ApiCaller caller, PlantStatus status, CancellationToken ct) =>
            Visible(caller, status, id) is { } unit ? Results.Json(await status.GetUnitAsync(unit, ct), LiveFeed.JsonOptions) : UnitNotFound(id));

        api.MapGet("/units/{id}/minutes", (string id, string? from, string? to, ApiCaller caller, PlantStatus status, CancellationToken ct) =>
            UnitRange(id, from, to, caller, status, TimeSpan.FromHours(3), MaxMinuteSpan, (unit, start, end) => status.GetMinutesAsync(unit, start, end, ct)));

        api.MapGet("/units/{id}/hours", (string id, string? from, string? to, ApiCaller caller, PlantStatus status, CancellationToken ct) =>
            UnitRange(id, from, to, caller, status, TimeSpan.FromHours(24), MaxHourSpan, (unit, start, end) => status.GetHoursAsync(unit, start, end, ct)));

        api.MapGet("/alerts", async (bool? open, string? unit, ApiCaller caller, PlantStatus status, CancellationToken ct) =>
        {
            if (unit is not null && !caller.Sees(unit))
            {
                return UnitNotFound(unit);
            }

            var units = unit is null ? caller.Units.ToArray() : [unit];
            return Results.Json(await status.GetAlertsAsync(units, open == true, ct), LiveFeed.JsonOptions);
        });

        api.MapPost("/alerts/{alertId}/acknowledge", async (string alertId, AcknowledgeRequest? request, ApiCaller caller, PlantStatus status, AcknowledgementStore acknowledgements, CancellationToken ct) =>
        {
            if (await status.FindAlertAsync(caller.Units.ToArray(), alertId, ct) is not { } alert)
            {
                return Results.Json(new { error = $"no alert '{alertId}' on this key's units" }, statusCode: StatusCodes.Status404NotFound);
            }

            var note = request?.Note is { Length: > 0 } text ? (text.Length > 500 ? text[..500] : text) : null;
            var acknowledgement = new Acknowledgement(alert.AlertId, alert.Unit, alert.Version, caller.Name, status.NowUtc, note);
            await acknowledgements.SaveAsync(acknowledgement, ct);
            return Results.Json(PlantStatus.ToView(AlertNotice.FromJson(alert.Payload), acknowledgement), LiveFeed.JsonOptions);
        }).RequireAuthorization(policy => policy.RequireRole("regulator"));

        api.MapGet("/gateways", async (ApiCaller caller, PlantStatus status, CancellationToken ct) =>
            Results.Json(await status.GetGatewaysAsync(caller.Units.ToArray(), ct), LiveFeed.JsonOptions));

        api.MapGet("/events", (ApiCaller caller, LiveFeed feed, PlantStatus status, CancellationToken ct) =>
            TypedResults.ServerSentEvents(Events(caller, feed, status, ct)));
        return api;
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(ApiCaller caller, LiveFeed feed, PlantStatus status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribed before "hello": whatever is stored after the client saw it reaches the client.
        using var subscription = feed.Subscribe();
        yield return new SseItem<string>(JsonSerializer.Serialize(new { serverTimeUtc = status.NowUtc }, LiveFeed.JsonOptions), "hello");
        var events = subscription.Events;
        while (!cancellationToken.IsCancellationRequested)
        {
            bool more;
            using (var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                heartbeat.CancelAfter(HeartbeatEvery);
                try
                {
                    more = await events.WaitToReadAsync(heartbeat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    more = true;
                }
            }

            if (!more)
            {
                yield break;
            }

            if (!events.TryPeek(out _))
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(new { serverTimeUtc = status.NowUtc }, LiveFeed.JsonOptions), "ping");
                continue;
            }

            while (events.TryRead(out var item))
            {
                if (caller.Sees(item.Unit))
                {
                    yield return new SseItem<string>(item.Json, item.Type);
                }
            }
        }
    }

    /// <summary>A unit's data over <c>from..to</c>: 404 for a unit outside the key, 400 for a bad range.</summary>
    private static async Task<IResult> UnitRange<T>(string id, string? from, string? to, ApiCaller caller, PlantStatus status, TimeSpan defaultSpan, TimeSpan maxSpan, Func<UnitEntry, DateTime, DateTime, Task<IReadOnlyList<T>>> read)
    {
        if (Visible(caller, status, id) is not { } unit)
        {
            return UnitNotFound(id);
        }

        if (Range(from, to, status.NowUtc, defaultSpan, maxSpan, out var range) is { } bad)
        {
            return bad;
        }

        return Results.Json(await read(unit, range.From, range.To).ConfigureAwait(false), LiveFeed.JsonOptions);
    }

    private static UnitEntry? Visible(ApiCaller caller, PlantStatus status, string id) =>
        caller.Sees(id) ? status.Find(id) : null;

    private static IResult UnitNotFound(string id) =>
        Results.Json(new { error = $"no unit '{id}' on this key" }, statusCode: StatusCodes.Status404NotFound);

    private static IResult? Range(string? from, string? to, DateTime nowUtc, TimeSpan defaultSpan, TimeSpan maxSpan, out (DateTime From, DateTime To) range)
    {
        range = default;
        DateTime? toUtc = nowUtc.AddMinutes(1), fromUtc = null;
        if (to is not null && (toUtc = Time(to)) is null)
        {
            return BadTime("to", to);
        }

        if (from is not null && (fromUtc = Time(from)) is null)
        {
            return BadTime("from", from);
        }

        var end = toUtc!.Value;
        var start = fromUtc ?? end - defaultSpan;
        if (start >= end)
        {
            return Results.Json(new { error = $"from ({from}) must be before to ({to})" }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (end - start > maxSpan)
        {
            return Results.Json(new { error = $"from..to spans {(end - start).TotalHours:0.#} h; at most {maxSpan.TotalHours:0} h per request" }, statusCode: StatusCodes.Status400BadRequest);
        }

        range = (start, end);
        return null;
    }

    private static DateTime? Time(string text)
    {
        var hasZone = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] is '+' or '-') && text[^3] == ':');
        return hasZone && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed.UtcDateTime : null;
    }

    private static IResult BadTime(string name, string value) =>
        Results.Json(new { error = $"{name}: must be an ISO 8601 time with Z or an offset such as 2026-11-26T08:00:00+08:00, got '{value}'" }, statusCode: StatusCodes.Status400BadRequest);
}

/// <summary>The optional body of an acknowledgement.</summary>
/// <param name="Note">A note stored with it (at most 500 characters are kept).</param>
public sealed record AcknowledgeRequest(string? Note);
