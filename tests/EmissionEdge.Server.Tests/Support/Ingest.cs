using System.Text;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Server.Broker;
using Microsoft.Extensions.DependencyInjection;

namespace EmissionEdge.Server.Tests.Support;

/// <summary>Feeds telemetry into a running server the way its broker does after authentication.</summary>
internal static class Ingest
{
    public static async Task<IngestOutcome> SendAsync(this RunningPlant plant, string device, string json)
    {
        var receiver = plant.Server.App.Services.GetRequiredService<TelemetryReceiver>();
        TelemetryTopic.TryParse($"devices/{device}/messages/events/", out var topic);
        return await receiver.ReceiveAsync(device, topic!, Encoding.UTF8.GetBytes(json), CancellationToken.None);
    }
}
