using EmissionEdge.Gateway.Core.Json;
using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Core.Configuration
{
    /// <summary>
    /// Reads typed members of a JSON object and records a problem naming the file, the member path
    /// and the value whenever a member is missing, of the wrong kind or out of range.
    /// </summary>
    public sealed class JsonFields
    {
        private readonly string _file;
        private readonly ProblemList _problems;

        /// <summary>Creates a reader for one file.</summary>
        /// <param name="file">The file name used in messages.</param>
        /// <param name="problems">Where problems go.</param>
        public JsonFields(string file, ProblemList problems)
        {
            _file = file;
            _problems = problems;
        }

        /// <summary>The problems found so far.</summary>
        public ProblemList Problems => _problems;

        /// <summary>Records a problem about <paramref name="node"/>.</summary>
        /// <param name="node">The value the problem is about.</param>
        /// <param name="message">What is wrong.</param>
        public void Report(JsonNode node, string message) => Report(node.Path, message);

        /// <summary>Records a problem about the entry at <paramref name="path"/>.</summary>
        /// <param name="path">The member path, e.g. <c>channels[2]</c>.</param>
        /// <param name="message">What is wrong.</param>
        public void Report(string path, string message) =>
            _problems.Add(path.Length == 0 ? _file + ": " + message : _file + ": " + path + ": " + message);

        /// <summary>Records every member of <paramref name="obj"/> not in <paramref name="known"/> (catches typos such as <c>baudrate</c>).</summary>
        /// <param name="obj">An object node.</param>
        /// <param name="known">The member names the format defines.</param>
        public void RejectUnknownMembers(JsonNode obj, string[] known)
        {
            for (int i = 0; i < obj.Count; i++)
            {
                string name = obj.NameAt(i);
                bool found = false;
                for (int k = 0; k < known.Length; k++)
                {
                    if (known[k] == name)
                    {
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    string list = known[0];
                    for (int k = 1; k < known.Length; k++)
                    {
                        list = list + ", " + known[k];
                    }

                    Report(obj[i], "unknown member \"" + name + "\" (known: " + list + ")");
                }
            }
        }

        /// <summary>Requires <paramref name="node"/> to be an object.</summary>
        /// <param name="node">The value.</param>
        /// <param name="what">What it should be, for the message.</param>
        /// <returns>Whether it is an object.</returns>
        public bool ExpectObject(JsonNode node, string what)
        {
            if (node.Kind == JsonKind.Object)
            {
                return true;
            }

            Report(node, what + " must be an object, got " + node.KindName());
            return false;
        }

        /// <summary>A string member.</summary>
        /// <param name="obj">The object.</param>
        /// <param name="name">Member name.</param>
        /// <param name="required">Whether its absence is a problem.</param>
        /// <returns>The text, or <see langword="null"/> when absent or not a string.</returns>
        public string? String(JsonNode obj, string name, bool required)
        {
            JsonNode? node = obj.Member(name);
            if (node == null)
            {
                if (required)
                {
                    Report(Child(obj, name), "is required");
                }

                return null;
            }

            if (node.Kind != JsonKind.String)
            {
                Report(node, "must be a string, got " + node.KindName());
                return null;
            }

            if (required && node.StringValue.Trim().Length == 0)
            {
                Report(node, "must not be empty");
                return null;
            }

            return node.StringValue;
        }

        /// <summary>A number member.</summary>
        /// <param name="obj">The object.</param>
        /// <param name="name">Member name.</param>
        /// <param name="required">Whether its absence is a problem.</param>
        /// <param name="fallback">The value when absent or wrong.</param>
        /// <param name="present">Whether a valid number was read.</param>
        /// <returns>The number or <paramref name="fallback"/>.</returns>
        public double Number(JsonNode obj, string name, bool required, double fallback, out bool present)
        {
            present = false;
            JsonNode? node = obj.Member(name);
            if (node == null)
            {
                if (required)
                {
                    Report(Child(obj, name), "is required");
                }

                return fallback;
            }

            if (node.Kind != JsonKind.Number)
            {
                Report(node, "must be a number, got " + node.KindName());
                return fallback;
            }

            present = true;
            return node.NumberValue;
        }

        /// <summary>An integer member within a range.</summary>
        /// <param name="obj">The object.</param>
        /// <param name="name">Member name.</param>
        /// <param name="required">Whether its absence is a problem.</param>
        /// <param name="fallback">The value when absent or wrong.</param>
        /// <param name="min">Smallest allowed value.</param>
        /// <param name="max">Largest allowed value.</param>
        /// <param name="rangeReason">Why the range is what it is (appended to the message; may be empty).</param>
        /// <returns>The integer or <paramref name="fallback"/>.</returns>
        public int Integer(JsonNode obj, string name, bool required, int fallback, int min, int max, string rangeReason)
        {
            bool present;
            double value = Number(obj, name, required, fallback, out present);
            if (!present)
            {
                return fallback;
            }

            JsonNode node = obj.Member(name)!;
            if (value != (double)(long)value)
            {
                Report(node, "must be a whole number, got " + node.StringValue);
                return fallback;
            }

            if (value < min || value > max)
            {
                Report(node, node.StringValue + " is out of range " + min.ToString() + "–" + max.ToString() + (rangeReason.Length > 0 ? " (" + rangeReason + ")" : string.Empty));
                return fallback;
            }

            return (int)value;
        }

        /// <summary>A boolean member.</summary>
        /// <param name="obj">The object.</param>
        /// <param name="name">Member name.</param>
        /// <param name="fallback">The value when absent or wrong.</param>
        /// <returns>The value.</returns>
        public bool Boolean(JsonNode obj, string name, bool fallback)
        {
            JsonNode? node = obj.Member(name);
            if (node == null)
            {
                return fallback;
            }

            if (node.Kind != JsonKind.Boolean)
            {
                Report(node, "must be true or false, got " + node.KindName());
                return fallback;
            }

            return node.BooleanValue;
        }

        /// <summary>An array member.</summary>
        /// <param name="obj">The object.</param>
        /// <param name="name">Member name.</param>
        /// <param name="required">Whether its absence is a problem.</param>
        /// <returns>The array node, or <see langword="null"/> when absent or not an array.</returns>
        public JsonNode? Array(JsonNode obj, string name, bool required)
        {
            JsonNode? node = obj.Member(name);
            if (node == null)
            {
                if (required)
                {
                    Report(Child(obj, name), "is required");
                }

                return null;
            }

            if (node.Kind != JsonKind.Array)
            {
                Report(node, "must be an array, got " + node.KindName());
                return null;
            }

            return node;
        }

        /// <summary>An object member.</summary>
        /// <param name="obj">The object.</param>
        /// <param name="name">Member name.</param>
        /// <param name="required">Whether its absence is a problem.</param>
        /// <returns>The object node, or <see langword="null"/> when absent or not an object.</returns>
        public JsonNode? Object(JsonNode obj, string name, bool required)
        {
            JsonNode? node = obj.Member(name);
            if (node == null)
            {
                if (required)
                {
                    Report(Child(obj, name), "is required");
                }

                return null;
            }

            return ExpectObject(node, name) ? node : null;
        }

        /// <summary>An array of strings (for example a channel list).</summary>
        /// <param name="obj">The object.</param>
        /// <param name="name">Member name.</param>
        /// <returns>The strings; <see langword="null"/> when the member is absent or wrong.</returns>
        public string[]? StringArray(JsonNode obj, string name)
        {
            JsonNode? node = Array(obj, name, false);
            if (node == null)
            {
                return null;
            }

            var result = new string[node.Count];
            for (int i = 0; i < node.Count; i++)
            {
                if (node[i].Kind != JsonKind.String)
                {
                    Report(node[i], "must be a string, got " + node[i].KindName());
                    return null;
                }

                result[i] = node[i].StringValue;
            }

            return result;
        }

        /// <summary>A one-letter HJ 212 flag member.</summary>
        /// <param name="obj">The object.</param>
        /// <param name="name">Member name.</param>
        /// <param name="allowed">The letters allowed here, e.g. <c>"FMSDCTB"</c>.</param>
        /// <returns>The flag letter, or '\0' when absent or wrong.</returns>
        public char Flag(JsonNode obj, string name, string allowed)
        {
            string? text = String(obj, name, true);
            if (text == null)
            {
                return '\0';
            }

            if (text.Length != 1 || allowed.IndexOf(text[0]) < 0)
            {
                Report(obj.Member(name)!, "'" + text + "' is not one of the flags " + allowed);
                return '\0';
            }

            return text[0];
        }

        /// <summary>Formats a number for a message.</summary>
        /// <param name="value">The number.</param>
        /// <returns>Its text.</returns>
        public static string Format(double value)
        {
            var buffer = new byte[AsciiNumber.MaxDecimalLength];
            int end = AsciiNumber.WriteDecimal(value, 6, buffer, 0);
            if (end < 0)
            {
                return "(not a finite number)";
            }

            var chars = new char[end];
            for (int i = 0; i < end; i++)
            {
                chars[i] = (char)buffer[i];
            }

            return new string(chars);
        }

        private static string Child(JsonNode obj, string name) => obj.Path.Length == 0 ? name : obj.Path + "." + name;
    }
}
