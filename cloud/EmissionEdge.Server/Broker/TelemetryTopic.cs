using System.Globalization;

namespace EmissionEdge.Server.Broker;

/// <summary>
/// The IoT Hub device-to-cloud topic <c>devices/{deviceId}/messages/events/{property bag}</c>, e.g.
/// <c>devices/gw-u1/messages/events/$.ct=application%2Fjson&amp;$.ce=utf-8&amp;fw=1.4.2&amp;backlog=17</c>. The
/// application properties <c>fw</c> (firmware version) and <c>backlog</c> (journal records still to send) feed gateway
/// health; system properties (<c>$.…</c>) and other properties are ignored.
/// </summary>
/// <param name="DeviceId">The device id in the topic.</param>
/// <param name="FirmwareVersion">The <c>fw</c> property, when present.</param>
/// <param name="Backlog">The <c>backlog</c> property, when present and a non-negative integer.</param>
public sealed record TelemetryTopic(string DeviceId, string? FirmwareVersion, int? Backlog)
{
    private const string Start = "devices/";
    private const string Events = "/messages/events/";

    /// <summary>Parses a topic.</summary>
    /// <param name="topic">The topic a client published to.</param>
    /// <param name="parsed">The topic, when it is a telemetry topic.</param>
    /// <returns>Whether it is a device-to-cloud telemetry topic.</returns>
    public static bool TryParse(string? topic, out TelemetryTopic? parsed)
    {
        parsed = null;
        if (topic is null || !topic.StartsWith(Start, StringComparison.Ordinal))
        {
            return false;
        }

        var events = topic.IndexOf(Events, Start.Length, StringComparison.Ordinal);
        if (events <= Start.Length)
        {
            return false;
        }

        var deviceId = topic[Start.Length..events];
        if (deviceId.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        string? firmware = null;
        int? backlog = null;
        foreach (var pair in topic[(events + Events.Length)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (name == "fw" && value.Length > 0)
            {
                firmware = value;
            }
            else if (name == "backlog" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                backlog = count;
            }
        }

        parsed = new TelemetryTopic(deviceId, firmware, backlog);
        return true;
    }
}
