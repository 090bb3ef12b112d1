using EmissionEdge.Gateway.Core.Analyzers;

namespace EmissionEdge.Gateway.Core.Configuration
{
    /// <summary>Serial line settings of an RS-485 port.</summary>
    public sealed class SerialSettings
    {
        /// <summary>Creates settings.</summary>
        /// <param name="baudRate">Bit rate.</param>
        /// <param name="parity">'N', 'E' or 'O'.</param>
        /// <param name="dataBits">Data bits (8 for Modbus RTU).</param>
        /// <param name="stopBits">1 or 2.</param>
        public SerialSettings(int baudRate, char parity, int dataBits, int stopBits)
        {
            BaudRate = baudRate;
            Parity = parity;
            DataBits = dataBits;
            StopBits = stopBits;
        }

        /// <summary>Bit rate.</summary>
        public int BaudRate { get; }

        /// <summary>'N' (none), 'E' (even) or 'O' (odd).</summary>
        public char Parity { get; }

        /// <summary>Data bits.</summary>
        public int DataBits { get; }

        /// <summary>Stop bits.</summary>
        public int StopBits { get; }

        /// <summary>Bits per character on the line: start + data + parity + stop.</summary>
        public int BitsPerCharacter => 1 + DataBits + (Parity == 'N' ? 0 : 1) + StopBits;

        /// <summary>Whether two settings are the same line settings.</summary>
        /// <param name="other">Other settings.</param>
        /// <returns><see langword="true"/> when equal.</returns>
        public bool SameAs(SerialSettings other) =>
            BaudRate == other.BaudRate && Parity == other.Parity && DataBits == other.DataBits && StopBits == other.StopBits;
    }

    /// <summary>A Modbus RTU analyzer on one of the gateway's RS-485 ports.</summary>
    public sealed class AnalyzerConfig
    {
        /// <summary>Creates the entry.</summary>
        /// <param name="name">Name for logs and messages.</param>
        /// <param name="mapPath">Map file path as written in the configuration.</param>
        /// <param name="map">The map read from that file.</param>
        /// <param name="unitId">Modbus slave address (1–247).</param>
        /// <param name="port">Name of the pin map UART.</param>
        /// <param name="portIndex">Index of that UART in the pin map.</param>
        /// <param name="serial">Line settings.</param>
        /// <param name="timeoutMilliseconds">Response timeout per request.</param>
        /// <param name="retries">Extra attempts after a timeout or CRC error.</param>
        /// <param name="channels">The map channels this unit uses.</param>
        public AnalyzerConfig(string name, string mapPath, AnalyzerMap map, byte unitId, string port, int portIndex, SerialSettings serial, int timeoutMilliseconds, int retries, MapChannel[] channels)
        {
            Name = name;
            MapPath = mapPath;
            Map = map;
            UnitId = unitId;
            Port = port;
            PortIndex = portIndex;
            Serial = serial;
            TimeoutMilliseconds = timeoutMilliseconds;
            Retries = retries;
            Channels = channels;
        }

        /// <summary>Name for logs and messages.</summary>
        public string Name { get; }

        /// <summary>Map file path as written.</summary>
        public string MapPath { get; }

        /// <summary>The analyzer map.</summary>
        public AnalyzerMap Map { get; }

        /// <summary>Modbus slave address.</summary>
        public byte UnitId { get; }

        /// <summary>Pin map UART name.</summary>
        public string Port { get; }

        /// <summary>Index of the UART in the pin map.</summary>
        public int PortIndex { get; }

        /// <summary>Line settings.</summary>
        public SerialSettings Serial { get; }

        /// <summary>Response timeout per request, ms.</summary>
        public int TimeoutMilliseconds { get; }

        /// <summary>Extra attempts after a failed request.</summary>
        public int Retries { get; }

        /// <summary>The channels read from this analyzer.</summary>
        public MapChannel[] Channels { get; }
    }

    /// <summary>
    /// A two-point calibration of one 4–20 mA input read by an ADC: the averaged raw counts measured with
    /// 4.000 mA and with 20.000 mA applied (hardware/reference-board/current-loop-inputs.md, "Calibration procedure").
    /// </summary>
    public sealed class AdcCalibration
    {
        /// <summary>Creates a calibration.</summary>
        /// <param name="countsAt4mA">Averaged counts with 4.000 mA applied.</param>
        /// <param name="countsAt20mA">Averaged counts with 20.000 mA applied.</param>
        public AdcCalibration(double countsAt4mA, double countsAt20mA)
        {
            CountsAt4mA = countsAt4mA;
            CountsAt20mA = countsAt20mA;
        }

        /// <summary>Counts at 4.000 mA.</summary>
        public double CountsAt4mA { get; }

        /// <summary>Counts at 20.000 mA.</summary>
        public double CountsAt20mA { get; }
    }

    /// <summary>A channel measured through a 4–20 mA input.</summary>
    public sealed class AnalogChannelConfig
    {
        /// <summary>Creates the entry.</summary>
        /// <param name="channel">Contract channel name.</param>
        /// <param name="channelIndex">Index in <see cref="Acquisition.ChannelNames"/>.</param>
        /// <param name="input">Pin map analog input name.</param>
        /// <param name="inputIndex">Index of that input in the pin map.</param>
        /// <param name="rangeLow">Value at 4 mA.</param>
        /// <param name="rangeHigh">Value at 20 mA (the instrument's upper range).</param>
        /// <param name="unit">Engineering unit.</param>
        /// <param name="calibration">The input's two-point ADC calibration, or <see langword="null"/> for the ADC's nominal slope.</param>
        public AnalogChannelConfig(string channel, int channelIndex, string input, int inputIndex, double rangeLow, double rangeHigh, string unit, AdcCalibration? calibration)
        {
            Calibration = calibration;
            Channel = channel;
            ChannelIndex = channelIndex;
            Input = input;
            InputIndex = inputIndex;
            RangeLow = rangeLow;
            RangeHigh = rangeHigh;
            Unit = unit;
        }

        /// <summary>Contract channel name.</summary>
        public string Channel { get; }

        /// <summary>Index in <see cref="Acquisition.ChannelNames"/>.</summary>
        public int ChannelIndex { get; }

        /// <summary>Pin map analog input name.</summary>
        public string Input { get; }

        /// <summary>Index of the input in the pin map.</summary>
        public int InputIndex { get; }

        /// <summary>Value at 4 mA.</summary>
        public double RangeLow { get; }

        /// <summary>Value at 20 mA.</summary>
        public double RangeHigh { get; }

        /// <summary>Engineering unit.</summary>
        public string Unit { get; }

        /// <summary>The input's two-point ADC calibration, or <see langword="null"/> (nominal slope).</summary>
        public AdcCalibration? Calibration { get; }
    }

    /// <summary>A status contact and the flag it sets while active.</summary>
    public sealed class StatusInputConfig
    {
        /// <summary>Creates the entry.</summary>
        /// <param name="input">Pin map digital input name.</param>
        /// <param name="inputIndex">Index of that input in the pin map.</param>
        /// <param name="flag">Flag set while active (F, M, S, D or C).</param>
        /// <param name="normallyClosed">Whether the contact opens to signal (active = open).</param>
        /// <param name="channelIndexes">Channels it applies to; empty = every channel of the gateway.</param>
        /// <param name="description">What the contact means.</param>
        public StatusInputConfig(string input, int inputIndex, char flag, bool normallyClosed, int[] channelIndexes, string description)
        {
            Input = input;
            InputIndex = inputIndex;
            Flag = flag;
            NormallyClosed = normallyClosed;
            ChannelIndexes = channelIndexes;
            Description = description;
        }

        /// <summary>Pin map digital input name.</summary>
        public string Input { get; }

        /// <summary>Index of the input in the pin map.</summary>
        public int InputIndex { get; }

        /// <summary>Flag set while active.</summary>
        public char Flag { get; }

        /// <summary>Whether the contact is normally closed (opens to signal).</summary>
        public bool NormallyClosed { get; }

        /// <summary>Channels it applies to; empty = all.</summary>
        public int[] ChannelIndexes { get; }

        /// <summary>What the contact means.</summary>
        public string Description { get; }
    }

    /// <summary>
    /// The configuration of one gateway (<c>hardware/gateway-configs/*.json</c>, format in README
    /// "Gateway configuration files"), read and checked by <see cref="GatewayConfigReader"/>.
    /// </summary>
    public sealed class GatewayConfig
    {
        /// <summary>Creates the configuration.</summary>
        /// <param name="deviceId">IoT Hub device id (MQTT client id).</param>
        /// <param name="unit">The coal unit this gateway measures.</param>
        /// <param name="iotHubHost">IoT Hub host name.</param>
        /// <param name="deviceKey">Base64 device key written in the file, or empty when <paramref name="deviceKeyFile"/> is used.</param>
        /// <param name="deviceKeyFile">Where on the device the key is stored, or empty.</param>
        /// <param name="samplingIntervalSeconds">Seconds between samples (2–5).</param>
        /// <param name="pinMapPath">Pin map path as written.</param>
        /// <param name="pinMap">The pin map.</param>
        /// <param name="journalPath">Where the journal file lives on the device.</param>
        /// <param name="journalSizeBytes">Size of the journal file.</param>
        /// <param name="macEnabled">Whether telemetry carries the <c>mac</c> chain.</param>
        /// <param name="analyzers">Modbus analyzers.</param>
        /// <param name="analogChannels">4–20 mA channels.</param>
        /// <param name="statusInputs">Status contacts.</param>
        public GatewayConfig(string deviceId, string unit, string iotHubHost, string deviceKey, string deviceKeyFile, int samplingIntervalSeconds, string pinMapPath, PinMap pinMap, string journalPath, int journalSizeBytes, bool macEnabled, AnalyzerConfig[] analyzers, AnalogChannelConfig[] analogChannels, StatusInputConfig[] statusInputs)
        {
            DeviceId = deviceId;
            Unit = unit;
            IotHubHost = iotHubHost;
            DeviceKey = deviceKey;
            DeviceKeyFile = deviceKeyFile;
            SamplingIntervalSeconds = samplingIntervalSeconds;
            PinMapPath = pinMapPath;
            PinMap = pinMap;
            JournalPath = journalPath;
            JournalSizeBytes = journalSizeBytes;
            MacEnabled = macEnabled;
            Analyzers = analyzers;
            AnalogChannels = analogChannels;
            StatusInputs = statusInputs;
        }

        /// <summary>IoT Hub device id.</summary>
        public string DeviceId { get; }

        /// <summary>Unit id.</summary>
        public string Unit { get; }

        /// <summary>IoT Hub host name.</summary>
        public string IotHubHost { get; }

        /// <summary>Base64 device key from the file, or empty.</summary>
        public string DeviceKey { get; }

        /// <summary>Device key file path on the device, or empty.</summary>
        public string DeviceKeyFile { get; }

        /// <summary>Seconds between samples.</summary>
        public int SamplingIntervalSeconds { get; }

        /// <summary>Pin map path as written.</summary>
        public string PinMapPath { get; }

        /// <summary>The pin map.</summary>
        public PinMap PinMap { get; }

        /// <summary>Journal file path on the device.</summary>
        public string JournalPath { get; }

        /// <summary>Journal file size in bytes.</summary>
        public int JournalSizeBytes { get; }

        /// <summary>Whether the mac chain is on.</summary>
        public bool MacEnabled { get; }

        /// <summary>Modbus analyzers.</summary>
        public AnalyzerConfig[] Analyzers { get; }

        /// <summary>4–20 mA channels.</summary>
        public AnalogChannelConfig[] AnalogChannels { get; }

        /// <summary>Status contacts.</summary>
        public StatusInputConfig[] StatusInputs { get; }
    }
}
