using System.Collections;
using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Json;

namespace EmissionEdge.Gateway.Core.Analyzers
{
    /// <summary>
    /// Reads and checks an analyzer map file (format in README "Analyzer map files"). A wrong map
    /// (unknown type, bad function code, overlapping registers, status naming a missing channel,
    /// ...) is refused with one problem per wrong entry, each naming the entry.
    /// </summary>
    public static class AnalyzerMapReader
    {
        private static readonly string[] RootMembers = { "model", "description", "source", "interface", "numbering", "wordOrder", "channels", "status" };
        private static readonly string[] LoopChannelMembers = { "channel", "rangeLow", "rangeHigh", "unit", "description" };
        private static readonly string[] ContactMembers = { "contact", "flag", "channels", "description" };
        private static readonly string[] ChannelMembers = { "channel", "function", "address", "type", "wordOrder", "scale", "offset", "unit", "invalid", "description" };
        private static readonly string[] StatusMembers = { "function", "address", "bit", "activeWhen", "flag", "channels", "description" };

        /// <summary>Reads a map.</summary>
        /// <param name="text">The JSON text.</param>
        /// <param name="fileName">The file name used in messages.</param>
        /// <param name="problems">Where problems go.</param>
        /// <returns>The map, or <see langword="null"/> when anything is wrong (see <paramref name="problems"/>).</returns>
        public static AnalyzerMap? Read(string text, string fileName, ProblemList problems)
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
            if (!fields.ExpectObject(root!, "the map"))
            {
                return null;
            }

            fields.RejectUnknownMembers(root!, RootMembers);
            string? model = fields.String(root!, "model", true);
            bool loop = false;
            string? interfaceName = fields.String(root!, "interface", false);
            if (interfaceName == "4-20mA")
            {
                loop = true;
            }
            else if (interfaceName != null && interfaceName != "modbus-rtu")
            {
                fields.Report(root!.Member("interface")!, "'" + interfaceName + "' must be \"modbus-rtu\" (the default) or \"4-20mA\"");
            }

            if (loop)
            {
                return ReadCurrentLoopMap(fields, root!, model, fileName, before);
            }

            int registerBase = 0;
            string? numbering = fields.String(root!, "numbering", true);
            if (numbering == "register")
            {
                registerBase = 1;
            }
            else if (numbering != null && numbering != "pdu")
            {
                fields.Report(root!.Member("numbering")!, "'" + numbering + "' must be \"pdu\" (0-based PDU addresses) or \"register\" (1-based register numbers)");
            }

            WordOrder defaultOrder = WordOrder.ABCD;
            JsonNode? orderNode = root!.Member("wordOrder");
            if (orderNode != null)
            {
                defaultOrder = ReadWordOrder(fields, orderNode, WordOrder.ABCD);
            }

            var channels = new ArrayList();
            JsonNode? channelArray = fields.Array(root, "channels", true);
            if (channelArray != null)
            {
                if (channelArray.Count == 0)
                {
                    fields.Report(channelArray, "lists no channel");
                }

                for (int i = 0; i < channelArray.Count; i++)
                {
                    MapChannel? entry = ReadChannel(fields, channelArray[i], registerBase, defaultOrder, channels);
                    if (entry != null)
                    {
                        channels.Add(entry);
                    }
                }
            }

            var statuses = new ArrayList();
            JsonNode? statusArray = fields.Array(root, "status", false);
            if (statusArray != null)
            {
                for (int i = 0; i < statusArray.Count; i++)
                {
                    MapStatus? entry = ReadStatus(fields, statusArray[i], registerBase, channels, statuses);
                    if (entry != null)
                    {
                        statuses.Add(entry);
                    }
                }
            }

            if (problems.Count != before || model == null)
            {
                return null;
            }

            var channelItems = new MapChannel[channels.Count];
            for (int i = 0; i < channelItems.Length; i++)
            {
                channelItems[i] = (MapChannel)channels[i]!;
            }

            var statusItems = new MapStatus[statuses.Count];
            for (int i = 0; i < statusItems.Length; i++)
            {
                statusItems[i] = (MapStatus)statuses[i]!;
            }

            return new AnalyzerMap(model, fileName, channelItems, statusItems, false);
        }

        private static AnalyzerMap? ReadCurrentLoopMap(JsonFields fields, JsonNode root, string? model, string fileName, int before)
        {
            var channels = new ArrayList();
            JsonNode? channelArray = fields.Array(root, "channels", true);
            for (int i = 0; channelArray != null && i < channelArray.Count; i++)
            {
                JsonNode node = channelArray[i];
                if (!fields.ExpectObject(node, "a channel entry"))
                {
                    continue;
                }

                int start = fields.Problems.Count;
                fields.RejectUnknownMembers(node, LoopChannelMembers);
                string? channel = fields.String(node, "channel", true);
                string label = node.Path + (channel != null ? " (" + channel + ")" : string.Empty);
                int index = channel == null ? -1 : ChannelNames.IndexOf(channel);
                if (channel != null && index < 0)
                {
                    fields.Report(label, "unknown channel '" + channel + "' (known: " + ChannelNames.List() + ")");
                }

                for (int k = 0; channel != null && k < channels.Count; k++)
                {
                    if (((MapChannel)channels[k]!).Channel == channel)
                    {
                        fields.Report(label, "channel '" + channel + "' is already mapped by " + ((MapChannel)channels[k]!).Label);
                    }
                }

                bool present;
                double low = fields.Number(node, "rangeLow", true, 0, out present);
                double high = fields.Number(node, "rangeHigh", true, 0, out present);
                if (present && high <= low)
                {
                    fields.Report(label, "rangeHigh " + JsonFields.Format(high) + " must be above rangeLow " + JsonFields.Format(low));
                }

                string unit = fields.String(node, "unit", false) ?? string.Empty;
                if (fields.Problems.Count == start && channel != null)
                {
                    channels.Add(new MapChannel(label, channel, index, 0, 0, RegisterType.Float32, WordOrder.ABCD, 1, 0, unit, new double[0], low, high));
                }
            }

            if (channelArray != null && channelArray.Count == 0)
            {
                fields.Report(channelArray, "lists no channel");
            }

            var statuses = new ArrayList();
            JsonNode? statusArray = fields.Array(root, "status", false);
            for (int i = 0; statusArray != null && i < statusArray.Count; i++)
            {
                JsonNode node = statusArray[i];
                if (!fields.ExpectObject(node, "a status contact"))
                {
                    continue;
                }

                int start = fields.Problems.Count;
                fields.RejectUnknownMembers(node, ContactMembers);
                string contact = fields.String(node, "contact", true) ?? string.Empty;
                char flag = fields.Flag(node, "flag", "FMSDCTB");
                string description = fields.String(node, "description", false) ?? string.Empty;
                if (fields.Problems.Count == start)
                {
                    statuses.Add(new MapStatus(node.Path + " (" + contact + ")", 0, 0, -1, true, flag, new int[0], description, contact));
                }
            }

            if (fields.Problems.Count != before || model == null)
            {
                return null;
            }

            var channelItems = new MapChannel[channels.Count];
            for (int i = 0; i < channelItems.Length; i++)
            {
                channelItems[i] = (MapChannel)channels[i]!;
            }

            var statusItems = new MapStatus[statuses.Count];
            for (int i = 0; i < statusItems.Length; i++)
            {
                statusItems[i] = (MapStatus)statuses[i]!;
            }

            return new AnalyzerMap(model, fileName, channelItems, statusItems, true);
        }

        private static MapChannel? ReadChannel(JsonFields fields, JsonNode node, int registerBase, WordOrder defaultOrder, ArrayList earlier)
        {
            if (!fields.ExpectObject(node, "a channel entry"))
            {
                return null;
            }

            int before = fields.Problems.Count;
            fields.RejectUnknownMembers(node, ChannelMembers);
            string? channel = fields.String(node, "channel", true);
            string label = node.Path + (channel != null ? " (" + channel + ")" : string.Empty);
            int channelIndex = -1;
            if (channel != null)
            {
                channelIndex = ChannelNames.IndexOf(channel);
                if (channelIndex < 0)
                {
                    fields.Report(label, "unknown channel '" + channel + "' (known: " + ChannelNames.List() + ")");
                }

                for (int i = 0; i < earlier.Count; i++)
                {
                    if (((MapChannel)earlier[i]!).Channel == channel)
                    {
                        fields.Report(label, "channel '" + channel + "' is already mapped by " + ((MapChannel)earlier[i]!).Label);
                    }
                }
            }

            int function = fields.Integer(node, "function", true, 0, 1, 4, string.Empty);
            if (function == 1 || function == 2)
            {
                fields.Report(label, "function " + function.ToString() + " reads single bits; a channel value needs function 3 (holding) or 4 (input registers)");
            }

            int address = ReadAddress(fields, node, registerBase, label);
            RegisterType type = RegisterType.Float32;
            string? typeText = fields.String(node, "type", true);
            if (typeText != null && !TryParseType(typeText, out type))
            {
                fields.Report(label, "unknown type '" + typeText + "' (known: int16, uint16, int32, uint32, float32)");
            }

            WordOrder order = defaultOrder;
            JsonNode? orderNode = node.Member("wordOrder");
            if (orderNode != null)
            {
                order = ReadWordOrder(fields, orderNode, defaultOrder);
            }

            bool present;
            double scale = fields.Number(node, "scale", false, 1, out present);
            if (present && scale == 0)
            {
                fields.Report(label, "scale must not be 0");
            }

            double offset = fields.Number(node, "offset", false, 0, out present);
            string unit = fields.String(node, "unit", false) ?? string.Empty;
            double[] invalid = new double[0];
            JsonNode? invalidNode = fields.Array(node, "invalid", false);
            if (invalidNode != null)
            {
                invalid = new double[invalidNode.Count];
                for (int i = 0; i < invalid.Length; i++)
                {
                    if (invalidNode[i].Kind != JsonKind.Number)
                    {
                        fields.Report(invalidNode[i], "must be a number (a raw sentinel value), got " + invalidNode[i].KindName());
                    }
                    else
                    {
                        invalid[i] = invalidNode[i].NumberValue;
                    }
                }
            }

            if (fields.Problems.Count != before || channel == null)
            {
                return null;
            }

            var entry = new MapChannel(label, channel, channelIndex, (byte)function, (ushort)address, type, order, scale, offset, unit, invalid, double.NaN, double.NaN);
            int last = address + entry.RegisterCount - 1;
            if (last > 65535)
            {
                fields.Report(label, "registers run past address 65535");
                return null;
            }

            for (int i = 0; i < earlier.Count; i++)
            {
                var other = (MapChannel)earlier[i]!;
                int otherLast = other.Address + other.RegisterCount - 1;
                if (other.Function == function && address <= otherLast && other.Address <= last)
                {
                    fields.Report(label, "registers " + Range(address, last, registerBase) + " overlap " + other.Label + " registers " + Range(other.Address, otherLast, registerBase));
                    return null;
                }
            }

            return entry;
        }

        private static MapStatus? ReadStatus(JsonFields fields, JsonNode node, int registerBase, ArrayList channels, ArrayList earlier)
        {
            if (!fields.ExpectObject(node, "a status entry"))
            {
                return null;
            }

            int before = fields.Problems.Count;
            fields.RejectUnknownMembers(node, StatusMembers);
            string description = fields.String(node, "description", false) ?? string.Empty;
            string label = node.Path + (description.Length > 0 ? " (" + description + ")" : string.Empty);
            int function = fields.Integer(node, "function", true, 0, 1, 4, string.Empty);
            int address = ReadAddress(fields, node, registerBase, label);
            int bit = -1;
            JsonNode? bitNode = node.Member("bit");
            if (function == 3 || function == 4)
            {
                if (bitNode == null)
                {
                    fields.Report(label, "a status in a register (function " + function.ToString() + ") needs \"bit\" (0–15)");
                }
                else
                {
                    bit = fields.Integer(node, "bit", true, -1, 0, 15, string.Empty);
                }
            }
            else if (bitNode != null && (function == 1 || function == 2))
            {
                fields.Report(bitNode, "function " + function.ToString() + " reads a single bit; remove \"bit\"");
            }

            bool activeWhen = fields.Boolean(node, "activeWhen", true);
            char flag = fields.Flag(node, "flag", "FMSDCTB");
            int[] channelIndexes = new int[0];
            string[]? names = fields.StringArray(node, "channels");
            if (names != null)
            {
                channelIndexes = new int[names.Length];
                for (int i = 0; i < names.Length; i++)
                {
                    channelIndexes[i] = -1;
                    for (int k = 0; k < channels.Count; k++)
                    {
                        var c = (MapChannel)channels[k]!;
                        if (c.Channel == names[i])
                        {
                            channelIndexes[i] = c.ChannelIndex;
                        }
                    }

                    if (channelIndexes[i] < 0)
                    {
                        fields.Report(label, "names channel '" + names[i] + "' that the map does not define (missing channel)");
                    }
                }
            }

            if (fields.Problems.Count != before)
            {
                return null;
            }

            for (int i = 0; i < channels.Count; i++)
            {
                var c = (MapChannel)channels[i]!;
                if (c.Function == function && address >= c.Address && address < c.Address + c.RegisterCount)
                {
                    fields.Report(label, "register " + Range(address, address, registerBase) + " overlaps " + c.Label);
                    return null;
                }
            }

            for (int i = 0; i < earlier.Count; i++)
            {
                var s = (MapStatus)earlier[i]!;
                if (s.Function == function && s.Address == address && s.Bit == bit)
                {
                    fields.Report(label, "reads the same " + (bit < 0 ? "input" : "bit") + " as " + s.Label);
                    return null;
                }
            }

            return new MapStatus(label, (byte)function, (ushort)address, bit, activeWhen, flag, channelIndexes, description, string.Empty);
        }

        private static int ReadAddress(JsonFields fields, JsonNode node, int registerBase, string label)
        {
            int number = fields.Integer(node, "address", true, registerBase, registerBase, 65535 + registerBase,
                registerBase == 1 ? "register numbers are 1-based" : "PDU addresses are 0-based");
            return number - registerBase;
        }

        private static WordOrder ReadWordOrder(JsonFields fields, JsonNode node, WordOrder fallback)
        {
            if (node.Kind == JsonKind.String)
            {
                switch (node.StringValue)
                {
                    case "ABCD": return WordOrder.ABCD;
                    case "CDAB": return WordOrder.CDAB;
                    case "BADC": return WordOrder.BADC;
                    case "DCBA": return WordOrder.DCBA;
                }
            }

            fields.Report(node, "word order must be one of ABCD, CDAB, BADC, DCBA");
            return fallback;
        }

        /// <summary>Parses a type name of a map file.</summary>
        /// <param name="text">int16, uint16, int32, uint32 or float32.</param>
        /// <param name="type">The type.</param>
        /// <returns>Whether the name is known.</returns>
        public static bool TryParseType(string text, out RegisterType type)
        {
            switch (text)
            {
                case "int16": type = RegisterType.Int16; return true;
                case "uint16": type = RegisterType.UInt16; return true;
                case "int32": type = RegisterType.Int32; return true;
                case "uint32": type = RegisterType.UInt32; return true;
                case "float32": type = RegisterType.Float32; return true;
                default: type = RegisterType.Float32; return false;
            }
        }

        private static string Range(int first, int last, int registerBase) =>
            first == last ? (first + registerBase).ToString() : (first + registerBase).ToString() + "–" + (last + registerBase).ToString();
    }
}
