using System.Collections;
using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Core.Json
{
    /// <summary>
    /// A small strict JSON parser (RFC 8259) for configuration and analyzer-map files, written for
    /// nanoFramework: no System.Text.Json, no generics, numbers parsed without culture.
    /// Used at start-up only; it allocates the document tree.
    /// </summary>
    public sealed class JsonReader
    {
        private const int MaxDepth = 32;
        private readonly string _text;
        private int _position;
        private int _line = 1;
        private string _error = string.Empty;
        private char[] _scratch = new char[64];

        private JsonReader(string text)
        {
            _text = text;
        }

        /// <summary>Parses a whole document.</summary>
        /// <param name="text">The JSON text (a leading UTF-8 byte order mark is allowed).</param>
        /// <param name="root">The root value when the text is valid JSON.</param>
        /// <param name="error">Why it is not, with line and column.</param>
        /// <returns><see langword="true"/> when <paramref name="root"/> was parsed.</returns>
        public static bool TryParse(string text, out JsonNode? root, out string error)
        {
            var reader = new JsonReader(text ?? string.Empty);
            if (reader._text.Length > 0 && reader._text[0] == '\uFEFF')
            {
                reader._position = 1;
            }

            root = reader.ParseValue(string.Empty, 0);
            if (root != null)
            {
                reader.SkipWhitespace();
                if (reader._position < reader._text.Length)
                {
                    reader.Fail("unexpected '" + reader._text[reader._position] + "' after the end of the document");
                    root = null;
                }
            }

            error = reader._error;
            return root != null;
        }

        private JsonNode? ParseValue(string path, int depth)
        {
            if (depth > MaxDepth)
            {
                Fail("nesting deeper than " + MaxDepth.ToString());
                return null;
            }

            SkipWhitespace();
            if (_position >= _text.Length)
            {
                Fail("unexpected end of document");
                return null;
            }

            int line = _line;
            char c = _text[_position];
            switch (c)
            {
                case '{':
                    return ParseObject(path, depth);
                case '[':
                    return ParseArray(path, depth);
                case '"':
                    string? s = ParseString();
                    return s == null ? null : new JsonNode(JsonKind.String, path, line, s, 0, false, new JsonNode[0], new string[0]);
                case 't':
                    return ParseLiteral("true", path, JsonKind.Boolean, true);
                case 'f':
                    return ParseLiteral("false", path, JsonKind.Boolean, false);
                case 'n':
                    return ParseLiteral("null", path, JsonKind.Null, false);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ParseNumber(path);
                    }

                    Fail("unexpected '" + c + "'");
                    return null;
            }
        }

        private JsonNode? ParseLiteral(string literal, string path, JsonKind kind, bool value)
        {
            if (_position + literal.Length > _text.Length || _text.Substring(_position, literal.Length) != literal)
            {
                Fail("invalid literal (expected " + literal + ")");
                return null;
            }

            int line = _line;
            _position += literal.Length;
            return new JsonNode(kind, path, line, string.Empty, 0, value, new JsonNode[0], new string[0]);
        }

        private JsonNode? ParseNumber(string path)
        {
            int start = _position;
            int line = _line;
            if (_text[_position] == '-')
            {
                _position++;
            }

            if (_position >= _text.Length || !IsDigit(_text[_position]))
            {
                Fail("invalid number");
                return null;
            }

            if (_text[_position] == '0' && _position + 1 < _text.Length && IsDigit(_text[_position + 1]))
            {
                Fail("invalid number (leading zero)");
                return null;
            }

            while (_position < _text.Length && IsDigit(_text[_position]))
            {
                _position++;
            }

            if (_position < _text.Length && _text[_position] == '.')
            {
                _position++;
                if (_position >= _text.Length || !IsDigit(_text[_position]))
                {
                    Fail("invalid number (no digit after '.')");
                    return null;
                }

                while (_position < _text.Length && IsDigit(_text[_position]))
                {
                    _position++;
                }
            }

            if (_position < _text.Length && (_text[_position] == 'e' || _text[_position] == 'E'))
            {
                _position++;
                if (_position < _text.Length && (_text[_position] == '+' || _text[_position] == '-'))
                {
                    _position++;
                }

                if (_position >= _text.Length || !IsDigit(_text[_position]))
                {
                    Fail("invalid number (no digit in exponent)");
                    return null;
                }

                while (_position < _text.Length && IsDigit(_text[_position]))
                {
                    _position++;
                }
            }

            string literal = _text.Substring(start, _position - start);
            double value;
            if (!AsciiNumber.TryParse(literal, out value))
            {
                Fail("number out of range: " + literal);
                return null;
            }

            return new JsonNode(JsonKind.Number, path, line, literal, value, false, new JsonNode[0], new string[0]);
        }

        private string? ParseString()
        {
            _position++; // opening quote
            int length = 0;
            while (true)
            {
                if (_position >= _text.Length)
                {
                    Fail("unterminated string");
                    return null;
                }

                char c = _text[_position++];
                if (c == '"')
                {
                    return new string(_scratch, 0, length);
                }

                if (c < ' ')
                {
                    Fail("control character in string (escape it)");
                    return null;
                }

                if (c == '\\')
                {
                    if (_position >= _text.Length)
                    {
                        Fail("unterminated escape");
                        return null;
                    }

                    char e = _text[_position++];
                    switch (e)
                    {
                        case '"': c = '"'; break;
                        case '\\': c = '\\'; break;
                        case '/': c = '/'; break;
                        case 'b': c = '\b'; break;
                        case 'f': c = '\f'; break;
                        case 'n': c = '\n'; break;
                        case 'r': c = '\r'; break;
                        case 't': c = '\t'; break;
                        case 'u':
                            int code = 0;
                            for (int i = 0; i < 4; i++)
                            {
                                int digit = _position < _text.Length ? Hex.DigitValue(_text[_position]) : -1;
                                if (digit < 0)
                                {
                                    Fail("invalid \\u escape");
                                    return null;
                                }

                                code = (code << 4) | digit;
                                _position++;
                            }

                            c = (char)code;
                            break;
                        default:
                            Fail("invalid escape '\\" + e + "'");
                            return null;
                    }
                }

                if (length == _scratch.Length)
                {
                    char[] bigger = new char[_scratch.Length * 2];
                    System.Array.Copy(_scratch, bigger, length);
                    _scratch = bigger;
                }

                _scratch[length++] = c;
            }
        }

        private JsonNode? ParseArray(string path, int depth)
        {
            int line = _line;
            _position++;
            var items = new ArrayList();
            SkipWhitespace();
            if (_position < _text.Length && _text[_position] == ']')
            {
                _position++;
                return new JsonNode(JsonKind.Array, path, line, string.Empty, 0, false, new JsonNode[0], new string[0]);
            }

            while (true)
            {
                JsonNode? item = ParseValue(path + "[" + items.Count.ToString() + "]", depth + 1);
                if (item == null)
                {
                    return null;
                }

                items.Add(item);
                SkipWhitespace();
                if (_position >= _text.Length)
                {
                    Fail("unterminated array");
                    return null;
                }

                char c = _text[_position++];
                if (c == ']')
                {
                    break;
                }

                if (c != ',')
                {
                    Fail("expected ',' or ']' in array, found '" + c + "'");
                    return null;
                }
            }

            var children = new JsonNode[items.Count];
            var names = new string[items.Count];
            for (int i = 0; i < children.Length; i++)
            {
                children[i] = (JsonNode)items[i]!;
                names[i] = string.Empty;
            }

            return new JsonNode(JsonKind.Array, path, line, string.Empty, 0, false, children, names);
        }

        private JsonNode? ParseObject(string path, int depth)
        {
            int line = _line;
            _position++;
            var values = new ArrayList();
            var names = new ArrayList();
            SkipWhitespace();
            if (_position < _text.Length && _text[_position] == '}')
            {
                _position++;
                return new JsonNode(JsonKind.Object, path, line, string.Empty, 0, false, new JsonNode[0], new string[0]);
            }

            while (true)
            {
                SkipWhitespace();
                if (_position >= _text.Length || _text[_position] != '"')
                {
                    Fail("expected a member name in quotes");
                    return null;
                }

                string? name = ParseString();
                if (name == null)
                {
                    return null;
                }

                SkipWhitespace();
                if (_position >= _text.Length || _text[_position] != ':')
                {
                    Fail("expected ':' after member name \"" + name + "\"");
                    return null;
                }

                _position++;
                JsonNode? value = ParseValue(path.Length == 0 ? name : path + "." + name, depth + 1);
                if (value == null)
                {
                    return null;
                }

                names.Add(name);
                values.Add(value);
                SkipWhitespace();
                if (_position >= _text.Length)
                {
                    Fail("unterminated object");
                    return null;
                }

                char c = _text[_position++];
                if (c == '}')
                {
                    break;
                }

                if (c != ',')
                {
                    Fail("expected ',' or '}' in object, found '" + c + "'");
                    return null;
                }
            }

            var children = new JsonNode[values.Count];
            var memberNames = new string[values.Count];
            for (int i = 0; i < children.Length; i++)
            {
                children[i] = (JsonNode)values[i]!;
                memberNames[i] = (string)names[i]!;
            }

            return new JsonNode(JsonKind.Object, path, line, string.Empty, 0, false, children, memberNames);
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length)
            {
                char c = _text[_position];
                if (c == '\n')
                {
                    _line++;
                }
                else if (c != ' ' && c != '\t' && c != '\r')
                {
                    return;
                }

                _position++;
            }
        }

        private void Fail(string message)
        {
            if (_error.Length > 0)
            {
                return;
            }

            int column = 1;
            for (int i = _position - 1; i >= 0 && i < _text.Length && _text[i] != '\n'; i--)
            {
                column++;
            }

            _error = "line " + _line.ToString() + ", column " + column.ToString() + ": " + message;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
    }
}
