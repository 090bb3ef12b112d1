using System.Reflection;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Runtime;
using EmissionEdge.Gateway.Host.Mqtt;
using EmissionEdge.Gateway.Host.Transports;

namespace EmissionEdge.Gateway.Host;

/// <summary>Everything a <see cref="HostedGateway"/> needs besides its configuration file's content.</summary>
public sealed class HostedGatewayOptions
{
    /// <summary>The gateway configuration (<see cref="GatewayConfigFile.Load"/>).</summary>
    public required GatewayConfig Config { get; init; }

    /// <summary>The device's symmetric key, base64 (<see cref="GatewayConfigFile.DeviceKey"/>).</summary>
    public required string DeviceKey { get; init; }

    /// <summary>The broker to publish to.</summary>
    public required MqttBrokerOptions Broker { get; init; }

    /// <summary>The journal file on this PC (the configuration's journal path is a device path); created when missing.</summary>
    public required string JournalPath { get; init; }

    /// <summary>
    /// How each RS-485 bus is reached, by pin-map UART name (<c>rs485-1</c>). Every UART an analyzer uses needs an entry.
    /// </summary>
    public IDictionary<string, ModbusLink> Links { get; init; } = new Dictionary<string, ModbusLink>(StringComparer.Ordinal);

    /// <summary>
    /// The gateway's time: <see cref="TimeProvider.System"/> in a plant, an <see cref="Time.AcceleratedTimeProvider"/> for demos,
    /// a <see cref="Time.LockstepTimeProvider"/> for exact tests. Sampling instants and minute boundaries follow it; Modbus
    /// timeouts and MQTT always run in real time.
    /// </summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The 4–20 mA inputs (a PC has none: by default they read as failed and their channels are flagged D).</summary>
    public ICurrentLoopInputs? CurrentLoops { get; init; }

    /// <summary>The status contacts (by default none can be read, so they set no flag).</summary>
    public IStatusInputs? StatusInputs { get; init; }

    /// <summary>
    /// The firmware version a PC-hosted gateway reports (<c>fw</c> of its telemetry topic): <c>host-</c> and this
    /// assembly's informational version.
    /// </summary>
    public static string HostFirmwareVersion { get; } = "host-" +
        (typeof(HostedGatewayOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0");

    /// <summary>Batch size, PUBACK timeout, SAS token lifetime and reported firmware version (<see cref="HostFirmwareVersion"/>) of the core's loop.</summary>
    public GatewayLoopOptions Loop { get; init; } = new() { FirmwareVersion = HostFirmwareVersion };

    /// <summary>Real time between two uplink steps (publish, PUBACK, reconnect), 100 ms by default.</summary>
    public TimeSpan UplinkStep { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether each journal write is flushed to the disk (fsync); on by default. Tests on throw-away files may turn it off.</summary>
    public bool FlushJournalToDisk { get; init; } = true;

    /// <summary>Fault injection for kill tests: journal writes are done in two halves with this pause between them (see <see cref="Storage.FileJournalStorage.TornWritePause"/>).</summary>
    public TimeSpan JournalTornWritePause { get; init; }
}
