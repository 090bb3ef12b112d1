using System.Collections;
using EmissionEdge.Gateway.Core.Json;

namespace EmissionEdge.Gateway.Core.Configuration
{
    /// <summary>
    /// Reads and checks a pin map file (format in README "Pin map files"): every pin exists on the
    /// ESP32 and is not reserved (flash, UART0, boot straps), analog inputs are ADC1 pins with a
    /// shunt that keeps 3.6–22 mA inside the ADC's linear range, UART TX and DE/RE pins can drive
    /// outputs, and no pin or name is used twice.
    /// </summary>
    public static class PinMapReader
    {
        /// <summary>Lowest voltage (mV) the ESP32 ADC reads linearly at 11 dB attenuation.</summary>
        public const double AdcMinMillivolts = 150;

        /// <summary>Highest voltage (mV) the ESP32 ADC reads linearly at 11 dB attenuation.</summary>
        public const double AdcMaxMillivolts = 2450;

        private static readonly string[] RootMembers = { "board", "chip", "description", "uarts", "analogInputs", "digitalInputs", "statusLed", "watchdogKick" };
        private static readonly string[] UartMembers = { "name", "uart", "tx", "rx", "deRe", "direction", "description" };
        private static readonly string[] AnalogMembers = { "name", "gpio", "shuntOhms", "description" };
        private static readonly string[] DigitalMembers = { "name", "gpio", "activeLow", "description" };

        /// <summary>Reads a pin map.</summary>
        /// <param name="text">The JSON text.</param>
        /// <param name="fileName">The file name used in messages.</param>
        /// <param name="problems">Where problems go.</param>
        /// <returns>The pin map, or <see langword="null"/> when anything is wrong.</returns>
        public static PinMap? Read(string text, string fileName, ProblemList problems)
        {
            int before = problems.Count;
            JsonNode? root;
            string error;
            if (!JsonReader.TryParse(text, out root, out error))
            {
                problems.Add(fileName + ": not valid JSON: " + error);
                return null;
            }

            var fields = new JsonFields(fileName, problems);
            if (!fields.ExpectObject(root!, "the pin map"))
            {
                return null;
            }

            fields.RejectUnknownMembers(root!, RootMembers);
            string board = fields.String(root!, "board", true) ?? string.Empty;
            string? chip = fields.String(root!, "chip", true);
            if (chip != null && chip != "ESP32")
            {
                fields.Report(root!.Member("chip")!, "'" + chip + "' is not supported; the pin rules known here are those of the original ESP32 (\"ESP32\")");
            }

            var used = new Hashless();
            var names = new Hashless();
            var uarts = new ArrayList();
            JsonNode? uartArray = fields.Array(root!, "uarts", true);
            for (int i = 0; uartArray != null && i < uartArray.Count; i++)
            {
                JsonNode node = uartArray[i];
                if (!fields.ExpectObject(node, "a UART"))
                {
                    continue;
                }

                fields.RejectUnknownMembers(node, UartMembers);
                string name = Name(fields, node, names);
                int uart = fields.Integer(node, "uart", true, 0, 1, 2, "UART0 carries nanoFramework's debug and deployment link");
                int tx = Pin(fields, node, "tx", true, true, used);
                int rx = Pin(fields, node, "rx", true, false, used);
                int deRe = Pin(fields, node, "deRe", true, true, used);
                for (int k = 0; k < uarts.Count; k++)
                {
                    if (((UartPins)uarts[k]!).Uart == uart)
                    {
                        // Once, naming the first user: one problem per entry, not one per earlier entry (n² problems for n copies).
                        fields.Report(node.Path + ".uart", "UART" + uart.ToString() + " is already used by " + ((UartPins)uarts[k]!).Name);
                        break;
                    }
                }

                Rs485Direction direction = Rs485Direction.UartRts;
                string? directionText = fields.String(node, "direction", false);
                if (directionText == "gpio")
                {
                    direction = Rs485Direction.Gpio;
                }
                else if (directionText == "auto")
                {
                    direction = Rs485Direction.Auto;
                }
                else if (directionText != null && directionText != "uartRts")
                {
                    fields.Report(node.Member("direction")!, "'" + directionText + "' is not a DE/RE mode: use \"uartRts\" (the UART drives DE/RE), \"gpio\" or \"auto\"");
                }

                uarts.Add(new UartPins(name, uart, tx, rx, deRe, direction));
            }

            var analog = new ArrayList();
            JsonNode? analogArray = fields.Array(root!, "analogInputs", false);
            for (int i = 0; analogArray != null && i < analogArray.Count; i++)
            {
                JsonNode node = analogArray[i];
                if (!fields.ExpectObject(node, "an analog input"))
                {
                    continue;
                }

                fields.RejectUnknownMembers(node, AnalogMembers);
                string name = Name(fields, node, names);
                int gpio = Pin(fields, node, "gpio", true, false, used);
                if (gpio >= 0 && Esp32Pins.Exists(gpio) && !Esp32Pins.IsAdc1(gpio))
                {
                    fields.Report(node.Path + ".gpio", "GPIO " + gpio.ToString() + " is not an ADC1 pin; ADC2 cannot be read while Wi-Fi is on (use GPIO 32–39)");
                }

                bool present;
                double shunt = fields.Number(node, "shuntOhms", true, 0, out present);
                if (present)
                {
                    double low = 3.6 * shunt;
                    double high = 22.0 * shunt;
                    if (low < AdcMinMillivolts || high > AdcMaxMillivolts)
                    {
                        fields.Report(node.Path + ".shuntOhms", JsonFields.Format(shunt) + " Ω puts 3.6–22 mA at " + JsonFields.Format(low) + "–" + JsonFields.Format(high) +
                            " mV, outside the ADC's linear 150–2450 mV (use 42–111 Ω, e.g. 100 Ω)");
                    }
                }

                analog.Add(new AnalogInputPin(name, gpio, shunt));
            }

            var digital = new ArrayList();
            JsonNode? digitalArray = fields.Array(root!, "digitalInputs", false);
            for (int i = 0; digitalArray != null && i < digitalArray.Count; i++)
            {
                JsonNode node = digitalArray[i];
                if (!fields.ExpectObject(node, "a digital input"))
                {
                    continue;
                }

                fields.RejectUnknownMembers(node, DigitalMembers);
                string name = Name(fields, node, names);
                int gpio = Pin(fields, node, "gpio", true, false, used);
                bool activeLow = fields.Boolean(node, "activeLow", true);
                digital.Add(new DigitalInputPin(name, gpio, activeLow));
            }

            int led = -1;
            if (root!.Member("statusLed") != null)
            {
                led = Pin(fields, root!, "statusLed", true, true, used);
            }

            int watchdog = -1;
            if (root!.Member("watchdogKick") != null)
            {
                watchdog = Pin(fields, root!, "watchdogKick", true, true, used);
            }

            if (problems.Count != before)
            {
                return null;
            }

            var uartItems = new UartPins[uarts.Count];
            for (int i = 0; i < uartItems.Length; i++)
            {
                uartItems[i] = (UartPins)uarts[i]!;
            }

            var analogItems = new AnalogInputPin[analog.Count];
            for (int i = 0; i < analogItems.Length; i++)
            {
                analogItems[i] = (AnalogInputPin)analog[i]!;
            }

            var digitalItems = new DigitalInputPin[digital.Count];
            for (int i = 0; i < digitalItems.Length; i++)
            {
                digitalItems[i] = (DigitalInputPin)digital[i]!;
            }

            return new PinMap(board, chip!, uartItems, analogItems, digitalItems, led, watchdog);
        }

        private static string Name(JsonFields fields, JsonNode node, Hashless names)
        {
            string? name = fields.String(node, "name", true);
            if (name == null)
            {
                return string.Empty;
            }

            string? earlier = names.Find(name);
            if (earlier != null)
            {
                fields.Report(node.Path + ".name", "'" + name + "' is already the name of " + earlier);
            }
            else
            {
                names.Add(name, node.Path);
            }

            return name;
        }

        private static int Pin(JsonFields fields, JsonNode node, string member, bool required, bool output, Hashless used)
        {
            int gpio = fields.Integer(node, member, required, -1, 0, 39, "ESP32 GPIO numbers");
            if (gpio < 0)
            {
                return -1;
            }

            string path = node.Path.Length == 0 ? member : node.Path + "." + member;
            if (!Esp32Pins.Exists(gpio))
            {
                fields.Report(path, "GPIO " + gpio.ToString() + " does not exist on the ESP32 (0–19, 21–23, 25–27, 32–39)");
                return gpio;
            }

            string? reserved = Esp32Pins.Reserved(gpio);
            if (reserved != null)
            {
                fields.Report(path, "GPIO " + gpio.ToString() + " " + reserved);
            }

            if (output && !Esp32Pins.CanOutput(gpio))
            {
                fields.Report(path, "GPIO " + gpio.ToString() + " is input-only (34–39) and cannot drive " + member);
            }

            string key = gpio.ToString();
            string? earlier = used.Find(key);
            if (earlier != null)
            {
                fields.Report(path, "GPIO " + gpio.ToString() + " is already used by " + earlier);
            }
            else
            {
                used.Add(key, path);
            }

            return gpio;
        }

        /// <summary>A tiny name → text lookup (nanoFramework's mscorlib has no Hashtable).</summary>
        private sealed class Hashless
        {
            private readonly ArrayList _keys = new ArrayList();
            private readonly ArrayList _values = new ArrayList();

            public void Add(string key, string value)
            {
                _keys.Add(key);
                _values.Add(value);
            }

            public string? Find(string key)
            {
                for (int i = 0; i < _keys.Count; i++)
                {
                    if ((string)_keys[i]! == key)
                    {
                        return (string)_values[i]!;
                    }
                }

                return null;
            }
        }
    }
}
