using System;
using System.Collections;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Analyzers;
using EmissionEdge.Gateway.Core.Json;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Core.Configuration
{
    /// <summary>
    /// Reads a gateway configuration file and everything it refers to (analyzer maps, pin map) and
    /// checks them together: maps, channels, pins, serial settings, intervals, journal size. Every
    /// problem is reported, each naming the file, the entry and the value.
    /// </summary>
    public static class GatewayConfigReader
    {
        /// <summary>The <c>schema</c> value of this format.</summary>
        public const string Schema = "emissionedge.gateway/1";

        private static readonly string[] RootMembers =
        {
            "schema", "deviceId", "unit", "description", "iotHub", "samplingIntervalSeconds", "pinMap", "journal", "mac", "analyzers", "analogChannels", "statusInputs",
        };

        private static readonly string[] HubMembers = { "host", "deviceKey", "deviceKeyFile" };
        private static readonly string[] JournalMembers = { "path", "sizeBytes" };
        private static readonly string[] AnalyzerMembers = { "name", "map", "unitId", "port", "serial", "timeoutMs", "retries", "channels" };
        private static readonly string[] SerialMembers = { "baud", "parity", "dataBits", "stopBits" };
        private static readonly string[] AnalogMembers = { "channel", "input", "map", "rangeLow", "rangeHigh", "unit", "calibration" };
        private static readonly string[] CalibrationMembers = { "countsAt4mA", "countsAt20mA" };
        private static readonly string[] StatusMembers = { "input", "flag", "contact", "channels", "description" };
        private const double CalibrationSpanTolerance = 0.25;
        private static readonly int[] BaudRates = { 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200 };

        /// <summary>Reads and checks a configuration.</summary>
        /// <param name="text">The configuration JSON.</param>
        /// <param name="fileName">Its file name, for messages.</param>
        /// <param name="files">Reads the map and pin map files the configuration names.</param>
        /// <param name="problems">Where every problem goes.</param>
        /// <returns>The configuration, or <see langword="null"/> when anything is wrong.</returns>
        public static GatewayConfig? Read(string text, string fileName, ITextFiles files, ProblemList problems)
        {
            int before = problems.Count;
            JsonNode? root;
            string error;
            if (!JsonReader.TryParse(text, out root, out error))
            {
                problems.Add(fileName + ": not valid JSON: " + error);
                return null;
            }

            var f = new JsonFields(fileName, problems);
            if (!f.ExpectObject(root!, "the gateway configuration"))
            {
                return null;
            }

            JsonNode r = root!;
            f.RejectUnknownMembers(r, RootMembers);
            string? schema = f.String(r, "schema", true);
            if (schema != null && schema != Schema)
            {
                f.Report(r.Member("schema")!, "'" + schema + "' is not \"" + Schema + "\"");
            }

            string deviceId = f.String(r, "deviceId", true) ?? string.Empty;
            CheckDeviceId(f, r, deviceId);
            string unit = f.String(r, "unit", true) ?? string.Empty;

            string host = string.Empty;
            string key = string.Empty;
            string keyFile = string.Empty;
            JsonNode? hub = f.Object(r, "iotHub", true);
            if (hub != null)
            {
                f.RejectUnknownMembers(hub, HubMembers);
                host = f.String(hub, "host", true) ?? string.Empty;
                CheckHost(f, hub, host);
                key = f.String(hub, "deviceKey", false) ?? string.Empty;
                keyFile = f.String(hub, "deviceKeyFile", false) ?? string.Empty;
                if (key.Length == 0 && keyFile.Length == 0)
                {
                    f.Report(hub, "names no device key: give \"deviceKey\" (base64) or \"deviceKeyFile\" (where the device stores it)");
                }
                else if (key.Length > 0 && keyFile.Length > 0)
                {
                    f.Report(hub, "gives both \"deviceKey\" and \"deviceKeyFile\"; keep one");
                }
                else if (key.Length > 0)
                {
                    CheckKey(f, hub.Member("deviceKey")!, key);
                }
            }

            int interval = f.Integer(r, "samplingIntervalSeconds", true, 5, 2, 5,
                "HJ 212 samples at least every 5 s; the journal counts at most " + JournalLayout.MaxSamplesPerMinute.ToString() + " samples a minute");

            string journalPath = string.Empty;
            int journalSize = 0;
            JsonNode? journal = f.Object(r, "journal", true);
            if (journal != null)
            {
                f.RejectUnknownMembers(journal, JournalMembers);
                journalPath = f.String(journal, "path", true) ?? string.Empty;
                journalSize = f.Integer(journal, "sizeBytes", true, 0, JournalLayout.HeaderSize + JournalLayout.RecordSize, 16 * 1024 * 1024, string.Empty);
                int capacity = JournalLayout.Capacity(journalSize);
                if (journalSize > 0 && capacity < JournalLayout.SevenDaysOfMinutes)
                {
                    f.Report(journal.Member("sizeBytes")!, journalSize.ToString() + " bytes hold " + capacity.ToString() + " minute records, less than 7 days (" +
                        JournalLayout.SevenDaysOfMinutes.ToString() + "); use at least " + (JournalLayout.HeaderSize + (JournalLayout.SevenDaysOfMinutes * JournalLayout.RecordSize)).ToString());
                }
            }

            bool mac = f.Boolean(r, "mac", false);

            PinMap? pinMap = null;
            string pinMapPath = f.String(r, "pinMap", true) ?? string.Empty;
            if (pinMapPath.Length > 0)
            {
                string pinText;
                string readError;
                if (!files.TryReadText(pinMapPath, out pinText, out readError))
                {
                    f.Report(r.Member("pinMap")!, readError);
                }
                else
                {
                    pinMap = PinMapReader.Read(pinText, pinMapPath, problems);
                }
            }

            var channelOwners = new string[ChannelNames.Count];
            var analyzers = ReadAnalyzers(f, r, files, pinMap, channelOwners, interval);
            var analog = ReadAnalogChannels(f, r, files, pinMap, channelOwners);
            var status = ReadStatusInputs(f, r, pinMap, channelOwners);

            int channelCount = 0;
            for (int i = 0; i < channelOwners.Length; i++)
            {
                if (channelOwners[i] != null)
                {
                    channelCount++;
                }
            }

            if (channelCount == 0)
            {
                f.Report(string.Empty, "measures no channel: add analyzers or analogChannels");
            }
            else if (channelCount > JournalLayout.MaxChannels)
            {
                f.Report(string.Empty, "measures " + channelCount.ToString() + " channels; a journal record holds at most " + JournalLayout.MaxChannels.ToString() + " (use a second gateway for the rest)");
            }

            if (problems.Count != before || pinMap == null)
            {
                return null;
            }

            return new GatewayConfig(deviceId, unit, host, key, keyFile, interval, pinMapPath, pinMap, journalPath, journalSize, mac, analyzers, analog, status);
        }

        private static AnalyzerConfig[] ReadAnalyzers(JsonFields f, JsonNode r, ITextFiles files, PinMap? pinMap, string[] owners, int interval)
        {
            var list = new ArrayList();
            JsonNode? array = f.Array(r, "analyzers", false);
            for (int i = 0; array != null && i < array.Count; i++)
            {
                JsonNode a = array[i];
                if (!f.ExpectObject(a, "an analyzer"))
                {
                    continue;
                }

                int before = f.Problems.Count;
                f.RejectUnknownMembers(a, AnalyzerMembers);
                string name = f.String(a, "name", true) ?? a.Path;
                string label = a.Path + " (" + name + ")";
                int unitId = f.Integer(a, "unitId", true, 1, 1, 247, "Modbus slave addresses");
                int timeout = f.Integer(a, "timeoutMs", false, 500, 50, 5000, string.Empty);
                int retries = f.Integer(a, "retries", false, 2, 0, 5, string.Empty);
                string port = f.String(a, "port", true) ?? string.Empty;
                int portIndex = -1;
                if (pinMap != null && port.Length > 0)
                {
                    portIndex = pinMap.UartIndex(port);
                    if (portIndex < 0)
                    {
                        f.Report(a.Member("port")!, "port '" + port + "' is not a UART of the pin map");
                    }
                }

                SerialSettings serial = ReadSerial(f, a);
                AnalyzerMap? map = null;
                string mapPath = f.String(a, "map", true) ?? string.Empty;
                if (mapPath.Length > 0)
                {
                    string mapText;
                    string readError;
                    if (!files.TryReadText(mapPath, out mapText, out readError))
                    {
                        f.Report(a.Member("map")!, readError);
                    }
                    else
                    {
                        map = AnalyzerMapReader.Read(mapText, mapPath, f.Problems);
                        if (map != null && map.IsCurrentLoop)
                        {
                            f.Report(a.Member("map")!, mapPath + " describes a 4–20 mA analyzer; list its channels under analogChannels");
                            map = null;
                        }
                    }
                }

                MapChannel[] channels = new MapChannel[0];
                if (map != null)
                {
                    string[]? names = f.StringArray(a, "channels");
                    if (names == null)
                    {
                        channels = map.Channels;
                    }
                    else
                    {
                        channels = new MapChannel[names.Length];
                        for (int k = 0; k < names.Length; k++)
                        {
                            MapChannel? c = map.FindChannel(names[k]);
                            if (c == null)
                            {
                                f.Report(a.Path + ".channels[" + k.ToString() + "]", "channel '" + names[k] + "' is missing from map " + mapPath);
                                channels = new MapChannel[0];
                                break;
                            }

                            channels[k] = c;
                        }
                    }

                    for (int k = 0; k < channels.Length; k++)
                    {
                        Claim(f, owners, channels[k].ChannelIndex, label, a.Path);
                    }
                }

                for (int k = 0; k < list.Count; k++)
                {
                    var other = (AnalyzerConfig)list[k]!;
                    if (other.Port == port && port.Length > 0)
                    {
                        if (other.UnitId == unitId)
                        {
                            f.Report(a.Path + ".unitId", "unit id " + unitId.ToString() + " is already used on port '" + port + "' by " + other.Name);
                        }

                        if (!other.Serial.SameAs(serial))
                        {
                            f.Report(a.Path + ".serial", "differs from the settings of " + other.Name + " on the same port '" + port + "'");
                        }
                    }
                }

                if (f.Problems.Count == before && map != null)
                {
                    list.Add(new AnalyzerConfig(name, mapPath, map, (byte)unitId, port, portIndex, serial, timeout, retries, channels));
                }
            }

            var result = new AnalyzerConfig[list.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (AnalyzerConfig)list[i]!;
            }

            CheckCycleTime(f, result, interval);
            return result;
        }

        private static void CheckCycleTime(JsonFields f, AnalyzerConfig[] analyzers, int interval)
        {
            // Worst case per port: every request of every analyzer on it times out on every attempt.
            for (int i = 0; i < analyzers.Length; i++)
            {
                bool first = true;
                for (int k = 0; k < i; k++)
                {
                    if (analyzers[k].Port == analyzers[i].Port)
                    {
                        first = false;
                    }
                }

                if (!first)
                {
                    continue;
                }

                long worst = 0;
                for (int k = i; k < analyzers.Length; k++)
                {
                    if (analyzers[k].Port == analyzers[i].Port)
                    {
                        int requests = AnalyzerReadPlan.Plan(analyzers[k].Map, analyzers[k].Channels).Length;
                        worst += (long)requests * (analyzers[k].Retries + 1) * analyzers[k].TimeoutMilliseconds;
                    }
                }

                if (worst > interval * 1000L)
                {
                    f.Report("analyzers", "on port '" + analyzers[i].Port + "' the reads take up to " + worst.ToString() + " ms when the analyzers do not answer (requests × (retries + 1) × timeoutMs), longer than samplingIntervalSeconds " +
                        interval.ToString() + " s: lower timeoutMs or retries");
                }
            }
        }

        private static SerialSettings ReadSerial(JsonFields f, JsonNode a)
        {
            JsonNode? s = f.Object(a, "serial", true);
            if (s == null)
            {
                return new SerialSettings(9600, 'E', 8, 1);
            }

            f.RejectUnknownMembers(s, SerialMembers);
            int baud = f.Integer(s, "baud", true, 9600, 1200, 115200, string.Empty);
            bool known = false;
            for (int i = 0; i < BaudRates.Length; i++)
            {
                known |= BaudRates[i] == baud;
            }

            if (!known)
            {
                f.Report(s.Member("baud")!, baud.ToString() + " is not a standard rate (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)");
            }

            char parity = 'E';
            string? parityText = f.String(s, "parity", true);
            if (parityText == "none")
            {
                parity = 'N';
            }
            else if (parityText == "odd")
            {
                parity = 'O';
            }
            else if (parityText != null && parityText != "even")
            {
                f.Report(s.Member("parity")!, "'" + parityText + "' must be none, even or odd");
            }

            int dataBits = f.Integer(s, "dataBits", false, 8, 8, 8, "Modbus RTU uses 8 data bits");
            int stopBits = f.Integer(s, "stopBits", false, 1, 1, 2, string.Empty);
            return new SerialSettings(baud, parity, dataBits, stopBits);
        }

        private static AnalogChannelConfig[] ReadAnalogChannels(JsonFields f, JsonNode r, ITextFiles files, PinMap? pinMap, string[] owners)
        {
            var list = new ArrayList();
            var usedInputs = new ArrayList();
            JsonNode? array = f.Array(r, "analogChannels", false);
            for (int i = 0; array != null && i < array.Count; i++)
            {
                JsonNode a = array[i];
                if (!f.ExpectObject(a, "an analog channel"))
                {
                    continue;
                }

                int before = f.Problems.Count;
                f.RejectUnknownMembers(a, AnalogMembers);
                string channel = f.String(a, "channel", true) ?? string.Empty;
                int channelIndex = channel.Length == 0 ? -1 : ChannelNames.IndexOf(channel);
                if (channel.Length > 0 && channelIndex < 0)
                {
                    f.Report(a.Member("channel")!, "unknown channel '" + channel + "' (known: " + ChannelNames.List() + ")");
                }

                string label = a.Path + " (" + channel + ")";
                string input = f.String(a, "input", true) ?? string.Empty;
                int inputIndex = -1;
                if (pinMap != null && input.Length > 0)
                {
                    inputIndex = pinMap.AnalogInputIndex(input);
                    if (inputIndex < 0)
                    {
                        f.Report(a.Member("input")!, "'" + input + "' is not an analog input of the pin map");
                    }
                }

                if (input.Length > 0)
                {
                    if (usedInputs.Contains(input))
                    {
                        f.Report(a.Member("input")!, "input '" + input + "' is already used by another analog channel");
                    }

                    usedInputs.Add(input);
                }

                AdcCalibration? calibration = ReadCalibration(f, a, pinMap, inputIndex);

                // The range comes from the analyzer's 4–20 mA map unless the entry sets it (the range configured at the analyzer wins).
                double low = double.NaN;
                double high = double.NaN;
                string unitText = string.Empty;
                string? mapPath = f.String(a, "map", false);
                if (mapPath != null)
                {
                    string mapText;
                    string readError;
                    if (!files.TryReadText(mapPath, out mapText, out readError))
                    {
                        f.Report(a.Member("map")!, readError);
                    }
                    else
                    {
                        AnalyzerMap? map = AnalyzerMapReader.Read(mapText, mapPath, f.Problems);
                        MapChannel? entry = map == null ? null : map.FindChannel(channel);
                        if (map != null && !map.IsCurrentLoop)
                        {
                            f.Report(a.Member("map")!, mapPath + " describes a Modbus analyzer, not a 4–20 mA one");
                        }
                        else if (map != null && entry == null)
                        {
                            f.Report(a.Member("map")!, "channel '" + channel + "' is missing from map " + mapPath);
                        }
                        else if (entry != null)
                        {
                            low = entry.RangeLow;
                            high = entry.RangeHigh;
                            unitText = entry.Unit;
                        }
                    }
                }

                bool present;
                low = f.Number(a, "rangeLow", mapPath == null, low, out present);
                high = f.Number(a, "rangeHigh", mapPath == null, high, out present);
                if (high <= low)
                {
                    f.Report(a.Path + ".rangeHigh", JsonFields.Format(high) + " must be above rangeLow " + JsonFields.Format(low));
                }

                unitText = f.String(a, "unit", false) ?? unitText;
                if (channelIndex >= 0)
                {
                    Claim(f, owners, channelIndex, label, a.Path);
                }

                if (f.Problems.Count == before)
                {
                    list.Add(new AnalogChannelConfig(channel, channelIndex, input, inputIndex, low, high, unitText, calibration));
                }
            }

            var result = new AnalogChannelConfig[list.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (AnalogChannelConfig)list[i]!;
            }

            return result;
        }

        private static AdcCalibration? ReadCalibration(JsonFields f, JsonNode a, PinMap? pinMap, int inputIndex)
        {
            JsonNode? c = f.Object(a, "calibration", false);
            if (c == null)
            {
                return null;
            }

            int before = f.Problems.Count;
            f.RejectUnknownMembers(c, CalibrationMembers);
            bool present4;
            bool present20;
            double at4 = f.Number(c, "countsAt4mA", true, 0, out present4);
            double at20 = f.Number(c, "countsAt20mA", true, 0, out present20);
            if (!present4 || !present20 || !IsAdcCount(f, c, "countsAt4mA", at4) || !IsAdcCount(f, c, "countsAt20mA", at20))
            {
                return null;
            }

            if (at20 <= at4)
            {
                f.Report(c.Member("countsAt20mA")!, JsonFields.Format(at20) + " must be above countsAt4mA " + JsonFields.Format(at4));
            }
            else if (pinMap != null && inputIndex >= 0)
            {
                // The span between the two points against what 16 mA gives through the shunt at the nominal slope.
                AnalogInputPin pin = pinMap.AnalogInputs[inputIndex];
                double nominal = 16.0 * pin.ShuntOhms / Esp32Pins.AdcNominalMillivoltsPerCount;
                double ratio = (at20 - at4) / nominal;
                if (ratio < 1.0 - CalibrationSpanTolerance || ratio > 1.0 + CalibrationSpanTolerance)
                {
                    f.Report(c, "spans " + JsonFields.Format(at20 - at4) + " counts from 4 to 20 mA, " + Rounded(ratio * 100.0).ToString() + " % of the nominal " +
                        Rounded(nominal).ToString() + " counts through the " + JsonFields.Format(pin.ShuntOhms) + " Ω shunt of '" + pin.Name +
                        "'; the ESP32 ADC's gain is within −8…+10 % of nominal, so check the counts and the input");
                }
            }

            return f.Problems.Count == before ? new AdcCalibration(at4, at20) : null;
        }

        private static bool IsAdcCount(JsonFields f, JsonNode c, string name, double value)
        {
            if (value >= 0 && value <= Esp32Pins.AdcMaxCount)
            {
                return true;
            }

            f.Report(c.Member(name)!, JsonFields.Format(value) + " is out of range 0–" + Esp32Pins.AdcMaxCount.ToString() + " (raw counts of the 12-bit ADC)");
            return false;
        }

        private static long Rounded(double value) => (long)(value + 0.5);

        private static StatusInputConfig[] ReadStatusInputs(JsonFields f, JsonNode r, PinMap? pinMap, string[] owners)
        {
            var list = new ArrayList();
            var usedInputs = new ArrayList();
            JsonNode? array = f.Array(r, "statusInputs", false);
            for (int i = 0; array != null && i < array.Count; i++)
            {
                JsonNode s = array[i];
                if (!f.ExpectObject(s, "a status input"))
                {
                    continue;
                }

                int before = f.Problems.Count;
                f.RejectUnknownMembers(s, StatusMembers);
                string input = f.String(s, "input", true) ?? string.Empty;
                int inputIndex = -1;
                if (pinMap != null && input.Length > 0)
                {
                    inputIndex = pinMap.DigitalInputIndex(input);
                    if (inputIndex < 0)
                    {
                        f.Report(s.Member("input")!, "'" + input + "' is not a digital input of the pin map");
                    }
                }

                if (input.Length > 0)
                {
                    if (usedInputs.Contains(input))
                    {
                        f.Report(s.Member("input")!, "input '" + input + "' is already used by another status input");
                    }

                    usedInputs.Add(input);
                }

                char flag = f.Flag(s, "flag", "FMSDC");
                bool normallyClosed = false;
                string? contact = f.String(s, "contact", false);
                if (contact == "normallyClosed")
                {
                    normallyClosed = true;
                }
                else if (contact != null && contact != "normallyOpen")
                {
                    f.Report(s.Member("contact")!, "'" + contact + "' must be normallyOpen or normallyClosed");
                }

                int[] indexes = new int[0];
                string[]? names = f.StringArray(s, "channels");
                if (names != null)
                {
                    indexes = new int[names.Length];
                    for (int k = 0; k < names.Length; k++)
                    {
                        indexes[k] = ChannelNames.IndexOf(names[k]);
                        if (indexes[k] < 0 || owners[indexes[k]] == null)
                        {
                            f.Report(s.Path + ".channels[" + k.ToString() + "]", "channel '" + names[k] + "' is not measured by this gateway");
                        }
                    }
                }

                string description = f.String(s, "description", false) ?? string.Empty;
                if (f.Problems.Count == before)
                {
                    list.Add(new StatusInputConfig(input, inputIndex, flag, normallyClosed, indexes, description));
                }
            }

            var result = new StatusInputConfig[list.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (StatusInputConfig)list[i]!;
            }

            return result;
        }

        private static void Claim(JsonFields f, string[] owners, int channelIndex, string label, string path)
        {
            if (owners[channelIndex] != null)
            {
                f.Report(path, "channel '" + ChannelNames.Name(channelIndex) + "' is already measured by " + owners[channelIndex]);
                return;
            }

            owners[channelIndex] = label;
        }

        private static void CheckDeviceId(JsonFields f, JsonNode r, string id)
        {
            if (id.Length == 0)
            {
                return;
            }

            const string Allowed = "-.%_*?!(),:=@$'";
            if (id.Length > 128)
            {
                f.Report(r.Member("deviceId")!, "is longer than IoT Hub's 128 characters");
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || Allowed.IndexOf(c) >= 0;
                if (!ok)
                {
                    f.Report(r.Member("deviceId")!, "'" + id + "' contains '" + c + "', which IoT Hub device ids do not allow (letters, digits and -.%_*?!(),:=@$')");
                    return;
                }
            }
        }

        private static void CheckHost(JsonFields f, JsonNode hub, string host)
        {
            if (host.Length == 0)
            {
                return;
            }

            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
                if (!ok)
                {
                    f.Report(hub.Member("host")!, "'" + host + "' is not a host name (letters, digits, '-' and '.'; no scheme or port)");
                    return;
                }
            }
        }

        private static void CheckKey(JsonFields f, JsonNode node, string key)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(key);
            }
            catch (Exception)
            {
                f.Report(node, "is not valid base64");
                return;
            }

            if (bytes.Length < 16 || bytes.Length > 64)
            {
                f.Report(node, "decodes to " + bytes.Length.ToString() + " bytes; IoT Hub symmetric keys are 16–64 bytes");
            }
        }
    }
}
