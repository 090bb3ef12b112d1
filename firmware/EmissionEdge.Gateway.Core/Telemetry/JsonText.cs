using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Core.Telemetry
{
    /// <summary>JSON string escaping for text written into byte buffers.</summary>
    public static class JsonText
    {
        /// <summary>The UTF-8 bytes of <paramref name="text"/> escaped for a JSON string (without quotes): <c>"</c>, <c>\</c> and control characters escaped.</summary>
        /// <param name="text">The text.</param>
        /// <returns>The bytes.</returns>
        public static byte[] EscapedUtf8(string text)
        {
            string escaped = string.Empty;
            int start = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                string? replacement = null;
                if (c == '"')
                {
                    replacement = "\\\"";
                }
                else if (c == '\\')
                {
                    replacement = "\\\\";
                }
                else if (c < ' ')
                {
                    replacement = "\\u00" + (c < 16 ? "0" : "1") + "0123456789abcdef"[c & 0xF];
                }

                if (replacement != null)
                {
                    escaped = escaped + text.Substring(start, i - start) + replacement;
                    start = i + 1;
                }
            }

            escaped = escaped + text.Substring(start);
            return Utf8.GetBytes(escaped);
        }
    }
}
