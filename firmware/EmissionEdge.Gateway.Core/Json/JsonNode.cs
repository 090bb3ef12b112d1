namespace EmissionEdge.Gateway.Core.Json
{
    /// <summary>
    /// One value of a parsed JSON document, with its path (<c>analyzers[0].serial.baud</c>) and line
    /// for error messages. Objects keep their members in file order.
    /// </summary>
    public sealed class JsonNode
    {
        private readonly JsonNode[] _children;
        private readonly string[] _names;

        internal JsonNode(JsonKind kind, string path, int line, string text, double number, bool boolean, JsonNode[] children, string[] names)
        {
            Kind = kind;
            Path = path;
            Line = line;
            StringValue = text;
            NumberValue = number;
            BooleanValue = boolean;
            _children = children;
            _names = names;
        }

        /// <summary>What kind of value this is.</summary>
        public JsonKind Kind { get; }

        /// <summary>Where the value is in the document, e.g. <c>channels[2].type</c> (empty for the root).</summary>
        public string Path { get; }

        /// <summary>1-based line of the value in the document.</summary>
        public int Line { get; }

        /// <summary>The text of a string value (empty for other kinds).</summary>
        public string StringValue { get; }

        /// <summary>The value of a number (0 for other kinds).</summary>
        public double NumberValue { get; }

        /// <summary>The value of a boolean (false for other kinds).</summary>
        public bool BooleanValue { get; }

        /// <summary>Number of items of an array or members of an object (0 otherwise).</summary>
        public int Count => _children.Length;

        /// <summary>The item at <paramref name="index"/> of an array, or the value of the member at <paramref name="index"/> of an object.</summary>
        /// <param name="index">0-based index.</param>
        public JsonNode this[int index] => _children[index];

        /// <summary>The name of the member at <paramref name="index"/> of an object.</summary>
        /// <param name="index">0-based index.</param>
        /// <returns>The member name.</returns>
        public string NameAt(int index) => _names[index];

        /// <summary>The value of the member named <paramref name="name"/> of an object (the last one when repeated).</summary>
        /// <param name="name">Exact, case-sensitive member name.</param>
        /// <returns>The value, or <see langword="null"/> when there is no such member or this is not an object.</returns>
        public JsonNode? Member(string name)
        {
            for (int i = _names.Length - 1; i >= 0; i--)
            {
                if (_names[i] == name)
                {
                    return _children[i];
                }
            }

            return null;
        }

        /// <summary>A short description of the kind, for messages ("a string", "an object").</summary>
        /// <returns>The description.</returns>
        public string KindName()
        {
            switch (Kind)
            {
                case JsonKind.Null: return "null";
                case JsonKind.Boolean: return "a boolean";
                case JsonKind.Number: return "a number";
                case JsonKind.String: return "a string";
                case JsonKind.Array: return "an array";
                default: return "an object";
            }
        }
    }
}
