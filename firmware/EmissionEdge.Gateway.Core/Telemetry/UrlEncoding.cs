using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Core.Telemetry
{
    /// <summary>Percent-encoding of everything but RFC 3986 unreserved characters (as .NET's <c>Uri.EscapeDataString</c>), over UTF-8 bytes, upper-case hex.</summary>
    public static class UrlEncoding
    {
        private const string HexDigits = "0123456789ABCDEF";

        /// <summary>Encodes <paramref name="text"/>.</summary>
        /// <param name="text">The text.</param>
        /// <returns>The encoded text (<c>a/b</c> → <c>a%2Fb</c>).</returns>
        public static string Encode(string text)
        {
            byte[] bytes = Utf8.GetBytes(text);
            int length = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                length += IsUnreserved(bytes[i]) ? 1 : 3;
            }

            var chars = new char[length];
            int n = 0;
            for (int i = 0; i < bytes.Length; i++)
            {
                byte b = bytes[i];
                if (IsUnreserved(b))
                {
                    chars[n++] = (char)b;
                }
                else
                {
                    chars[n++] = '%';
                    chars[n++] = HexDigits[b >> 4];
                    chars[n++] = HexDigits[b & 0xF];
                }
            }

            return new string(chars);
        }

        private static bool IsUnreserved(byte b) =>
            (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.' || b == '~';
    }
}
