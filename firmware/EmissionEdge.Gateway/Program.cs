using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.IO;
using System.Threading;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;
using EmissionEdge.Gateway.Hardware;
using EmissionEdge.Gateway.Network;
using EmissionEdge.Gateway.Storage;

namespace EmissionEdge.Gateway
{
    /// <summary>
    /// The ESP32 gateway: reads <c>I:\gateway.json</c>, builds the hardware adapters from the pin map, joins the
    /// network, sets the clock and keeps the IoT Hub uplink alive. Acquisition, journal and telemetry are the core's.
    /// </summary>
    public static class Program
    {
        /// <summary>Where the gateway configuration is deployed (nanoff --filedeployment, see README).</summary>
        public const string ConfigPath = "I:\\gateway.json";

        private const int NetworkTimeoutMilliseconds = 60000;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            var gpio = new GpioController();
            var files = new FlashTextFiles();
            var problems = new ProblemList();
            string text;
            string error;
            GatewayConfig config = null;
            if (files.TryReadText(ConfigPath, out text, out error))
            {
                config = GatewayConfigReader.Read(text, ConfigPath, files, problems);
            }
            else
            {
                problems.Add(error);
            }

            if (config == null)
            {
                // No pin map means no LED pin: report on the debug link and wait for a new configuration to be deployed.
                Debug.WriteLine("gateway: configuration refused:\n" + problems.ToString());
                Thread.Sleep(Timeout.Infinite);
                return;
            }

            PinMap pins = config.PinMap;
            var led = pins.StatusLed >= 0 ? new StatusLed(gpio, pins.StatusLed) : null;
            var supervisor = new Supervisor(10 * config.SamplingIntervalSeconds + 60, gpio, pins.WatchdogKick);

            IClock clock = new DeviceClock();
            var transports = new IModbusTransport[pins.Uarts.Length];
            for (int i = 0; i < pins.Uarts.Length; i++)
            {
                SerialSettings serial = SerialOf(config, i);
                if (serial != null)
                {
                    transports[i] = new Rs485Port(pins.Uarts[i], serial, pins.Uarts[i].Direction, gpio);
                }
            }

            ICurrentLoopInputs currentInputs = new ShuntCurrentInputs(pins.AnalogInputs, new AdcCalibration[pins.AnalogInputs.Length]);
            IStatusInputs contacts = new StatusContacts(pins.DigitalInputs, gpio);
            IJournalStorage journal = new FlashJournalStorage(config.JournalPath, config.JournalSizeBytes);

            NetworkSettings network = NetworkSettings.Reference;
            var link = new NetworkLink(network);
            while (!link.Connect(NetworkTimeoutMilliseconds))
            {
                supervisor.CheckIn();
                SetState(led, GatewayState.Buffering);
            }

            var uplink = new IotHubMqttUplink(
                new IotHubConnection(config.IotHubHost, config.DeviceId),
                DeviceKey(config, files),
                new HmacSha256(),
                network.MqttPort,
                BrokerCa(files),
                network.SasTokenLifetimeSeconds);

            Debug.WriteLine("gateway: " + config.DeviceId + " up; " + transports.Length.ToString() + " RS-485 port(s), " +
                pins.AnalogInputs.Length.ToString() + " 4-20 mA input(s), " + pins.DigitalInputs.Length.ToString() + " contact(s), journal " +
                journal.Length.ToString() + " bytes");

            // The core's acquisition service (issue 3: sampler, minute aggregation, journal, telemetry encoder) takes
            // clock, transports, currentInputs, contacts, journal and uplink and runs one cycle per sampling interval.
            while (true)
            {
                supervisor.CheckIn();
                uplink.Maintain(clock.MonotonicMilliseconds);
                SetState(led, uplink.IsConnected ? GatewayState.Connected : GatewayState.Buffering);
                clock.Delay(config.SamplingIntervalSeconds * 1000);
            }
        }

        private static void SetState(StatusLed led, GatewayState state)
        {
            if (led != null)
            {
                led.State = state;
            }
        }

        private static SerialSettings SerialOf(GatewayConfig config, int portIndex)
        {
            for (int i = 0; i < config.Analyzers.Length; i++)
            {
                if (config.Analyzers[i].PortIndex == portIndex)
                {
                    return config.Analyzers[i].Serial;
                }
            }

            return null;
        }

        private static string DeviceKey(GatewayConfig config, FlashTextFiles files)
        {
            if (config.DeviceKey.Length > 0)
            {
                return config.DeviceKey;
            }

            string key;
            string error;
            if (!files.TryReadText(config.DeviceKeyFile, out key, out error))
            {
                throw new IOException("device key: " + error);
            }

            return key.Trim();
        }

        private static string BrokerCa(FlashTextFiles files)
        {
            string pem;
            string error;
            return File.Exists(NetworkSettings.BrokerCaFile) && files.TryReadText(NetworkSettings.BrokerCaFile, out pem, out error) ? pem : DigiCertGlobalRootG2.Pem;
        }
    }
}
