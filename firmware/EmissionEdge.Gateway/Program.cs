using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.IO;
using System.Threading;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Runtime;
using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Hardware;
using EmissionEdge.Gateway.Network;
using EmissionEdge.Gateway.Storage;

namespace EmissionEdge.Gateway
{
    /// <summary>
    /// The ESP32 gateway: reads <c>I:\gateway.json</c>, builds the hardware adapters from the pin map, joins the
    /// network and sets the clock, then runs the core's <see cref="GatewayLoop"/>: sampling on this thread, the
    /// IoT Hub uplink on a second one, LED and supervisor driven by the sampling cycle.
    /// </summary>
    public static class Program
    {
        /// <summary>Where the gateway configuration is deployed (nanoff --filedeployment, see README).</summary>
        public const string ConfigPath = "I:\\gateway.json";

        /// <summary>The firmware version sent as the <c>fw</c> topic property (keep equal to AssemblyInfo's AssemblyVersion).</summary>
        public const string FirmwareVersion = "esp32-1.0.0";

        private const int NetworkTimeoutMilliseconds = 60000;
        private const int UplinkStepMilliseconds = 200;
        private static GatewayLoop _loop;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            var gpio = new GpioController();
            var files = new FlashTextFiles();
            GatewayConfig config = ReadConfig(files);
            if (config == null)
            {
                // No pin map means no LED pin: report on the debug link and wait for a new configuration to be deployed.
                Thread.Sleep(Timeout.Infinite);
                return;
            }

            PinMap pins = config.PinMap;
            var led = pins.StatusLed >= 0 ? new StatusLed(gpio, pins.StatusLed) : null;
            var supervisor = new Supervisor(10 * config.SamplingIntervalSeconds + 60, gpio, pins.WatchdogKick);
            ShuntCurrentInputs currentInputs;
            try
            {
                IClock clock = new DeviceClock();
                currentInputs = new ShuntCurrentInputs(pins.AnalogInputs, AdcCounts.CalibrationsByInput(config));
                var sampler = new GatewaySampler(config, OpenRs485Ports(config, gpio), currentInputs, new StatusContacts(pins.DigitalInputs, gpio), clock);
                var journal = new MinuteJournal(new FlashJournalStorage(config.JournalPath, config.JournalSizeBytes));

                // TLS and the minute stamps need the wall clock, and the board has no battery-backed one: SNTP first.
                NetworkSettings network = NetworkSettings.Reference;
                var link = new NetworkLink(network);
                while (!link.Connect(NetworkTimeoutMilliseconds))
                {
                    supervisor.CheckIn();
                    SetState(led, GatewayState.Buffering);
                }

                var mqtt = new IotHubMqttUplink(config.IotHubHost, network.MqttPort, BrokerCa(files));
                _loop = new GatewayLoop(config, sampler, journal, mqtt, DeviceKey(config, files), new HmacSha256(), clock,
                    new GatewayLoopOptions { SasTokenLifetimeSeconds = network.SasTokenLifetimeSeconds, FirmwareVersion = FirmwareVersion });
                Debug.WriteLine("gateway: " + config.DeviceId + " up; journal holds " + journal.Capacity.ToString() + " records, " +
                    journal.PendingCount.ToString() + " pending, next seq " + journal.NextSequence.ToString());
            }
            catch (Exception ex)
            {
                // The supervisor reboots the board shortly, which retries (e.g. once the device key has been deployed).
                Debug.WriteLine("gateway: cannot start: " + ex.Message);
                SetState(led, GatewayState.Fault);
                Thread.Sleep(Timeout.Infinite);
                return;
            }

            new Thread(ServeUplink).Start();
            long nextReport = 0;
            while (true)
            {
                _loop.RunSamplingCycle();
                supervisor.CheckIn();
                SetState(led, _loop.JournalFailing ? GatewayState.Fault : _loop.IsConnected ? GatewayState.Connected : GatewayState.Buffering);
                if (_loop.SamplesTaken >= nextReport)
                {
                    nextReport = _loop.SamplesTaken + (60 / config.SamplingIntervalSeconds);
                    Report(pins, currentInputs);
                }
            }
        }

        private static void ServeUplink()
        {
            while (true)
            {
                _loop.ServeUplink();
                Thread.Sleep(UplinkStepMilliseconds);
            }
        }

        /// <summary>Once a minute on the debug output: loop counters, and the raw ADC counts the calibration procedure records.</summary>
        private static void Report(PinMap pins, ShuntCurrentInputs currentInputs)
        {
            string counts = string.Empty;
            for (int i = 0; i < pins.AnalogInputs.Length; i++)
            {
                counts += " " + pins.AnalogInputs[i].Name + "=" + currentInputs.LastCounts(i).ToString("F1");
            }

            Debug.WriteLine("gateway: " + _loop.MinutesJournaled.ToString() + " minutes journaled, " + _loop.PendingRecords.ToString() + " pending, " +
                (_loop.IsConnected ? "connected" : "not connected") + ", " + _loop.SamplesSkipped.ToString() + " samples skipped, " +
                _loop.MinutesLost.ToString() + " minutes lost; ADC counts" + counts + (_loop.LastError.Length > 0 ? "; last error: " + _loop.LastError : string.Empty));
        }

        private static GatewayConfig ReadConfig(FlashTextFiles files)
        {
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
                Debug.WriteLine("gateway: configuration refused:\n" + problems.ToString());
            }

            return config;
        }

        private static void SetState(StatusLed led, GatewayState state)
        {
            if (led != null)
            {
                led.State = state;
            }
        }

        /// <summary>One RS-485 port per pin-map UART that an analyzer uses (null where none does), as <see cref="GatewaySampler"/> expects.</summary>
        private static IModbusTransport[] OpenRs485Ports(GatewayConfig config, GpioController gpio)
        {
            UartPins[] uarts = config.PinMap.Uarts;
            var transports = new IModbusTransport[uarts.Length];
            for (int a = 0; a < config.Analyzers.Length; a++)
            {
                int port = config.Analyzers[a].PortIndex;
                if (transports[port] == null)
                {
                    transports[port] = new Rs485Port(uarts[port], config.Analyzers[a].Serial, uarts[port].Direction, gpio);
                }
            }

            return transports;
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
