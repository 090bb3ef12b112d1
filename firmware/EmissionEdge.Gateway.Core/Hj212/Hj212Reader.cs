using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>
    /// Reads an HJ 212-2017 packet in place: validates it exactly as <see cref="Hj212Codec.TryParse(byte[], int, int, out Hj212Packet, out string)"/>
    /// does (same rules, same reasons) and indexes the header fields and CP items by their offsets in the
    /// caller's buffer. Nothing is copied or decoded until asked: numbers are parsed from the bytes, and a
    /// string is made only by the members that return one. One reader is reused for packet after packet;
    /// after the first few packets it allocates nothing.
    /// </summary>
    /// <remarks>
    /// The reader keeps a reference to the buffer given to <see cref="TryRead"/>: values are read from it,
    /// so the buffer must not change until the next read. Not safe for use by several threads at once.
    /// </remarks>
    public sealed class Hj212Reader
    {
        private const int InitialCapacity = 64;
        private const int FrameOverhead = 10;
        private const int ItemStride = 4;

        private byte[] _buffer = new byte[0];

        // Where the data segment's separators (';', ',', '=') may be: bit k of word w for byte 64w + k
        // after _segmentStart, as the scan in Hj212Crc left them. Every separator is marked, and a few other
        // bytes may be: the loops over the marks look at each marked byte.
        private ulong[] _separatorBits = new ulong[0];
        private int _segmentStart;
        private int _cpStart;
        private int _cpEnd;

        // The two-letter header fields, two characters each, in the order of their indexes below.
        private const string TwoLetterNames = "QNSTCNPWMN";
        private const int QnField = 0;
        private const int StField = 1;
        private const int CnField = 2;
        private const int PwField = 3;
        private const int MnField = 4;

        // Their values: start and end (exclusive) by field index; both 0 when absent.
        private readonly int[] _fieldStart = new int[5];
        private readonly int[] _fieldEnd = new int[5];

        // Unknown header fields: name start, '=' position, value end.
        private int[] _extraStart = new int[4];
        private int[] _extraEquals = new int[4];
        private int[] _extraEnd = new int[4];
        private int _extraCount;

        // CP items: key start, key end, value start, end (the value is empty when the item has no '='),
        // ItemStride ints each; and the group of each.
        private int[] _items = new int[InitialCapacity * ItemStride];
        private int[] _itemGroup = new int[InitialCapacity];
        private int _itemCount;

        /// <summary>Request number (yyyyMMddHHmmssSSS); empty when absent (2005 style). A new string on each call.</summary>
        public string QN => Field(QnField);

        /// <summary>System code. A new string on each call.</summary>
        public string ST => Field(StField);

        /// <summary>Command code. A new string on each call.</summary>
        public string CN => Field(CnField);

        /// <summary>Access password. A new string on each call.</summary>
        public string PW => Field(PwField);

        /// <summary>Device unique id. A new string on each call.</summary>
        public string MN => Field(MnField);

        /// <summary>Flag bits; -1 when absent (2005 style).</summary>
        public int Flag { get; private set; }

        /// <summary>Total packets of a split message; -1 when not split.</summary>
        public int PacketCount { get; private set; }

        /// <summary>This packet's number (1-based) within a split message; -1 when not split.</summary>
        public int PacketNumber { get; private set; }

        /// <summary>Whether the packet is part of a split message (PNUM and PNO present).</summary>
        public bool IsSplit => PacketCount > 0 && PacketNumber > 0;

        /// <summary>Number of header fields the codec does not know (kept in order).</summary>
        public int ExtraFieldCount => _extraCount;

        /// <summary>The CP content without the surrounding <c>&amp;&amp;</c>. A new string on each call.</summary>
        public string Cp => Text(_cpStart, _cpEnd);

        /// <summary>Number of CP items (<c>key=value</c> parts separated by ';' or ',').</summary>
        public int CpItemCount => _itemCount;

        /// <summary>Name of an unknown header field.</summary>
        /// <param name="index">0-based.</param>
        /// <returns>The name.</returns>
        public string ExtraFieldName(int index) => Text(_extraStart[index], _extraEquals[index]);

        /// <summary>Value of an unknown header field.</summary>
        /// <param name="index">0-based.</param>
        /// <returns>The value.</returns>
        public string ExtraFieldValue(int index) => Text(_extraEquals[index] + 1, _extraEnd[index]);

        /// <summary>Index of the ';'-separated group a CP item belongs to.</summary>
        /// <param name="item">0-based item index.</param>
        /// <returns>The group index.</returns>
        public int CpItemGroup(int item) => _itemGroup[item];

        /// <summary>Key of a CP item, e.g. <c>a21026-Avg</c>. A new string on each call.</summary>
        /// <param name="item">0-based item index.</param>
        /// <returns>The key.</returns>
        public string CpItemKey(int item) => Text(_items[item * ItemStride], _items[(item * ItemStride) + 1]);

        /// <summary>Value text of a CP item (empty when the item has no '='). A new string on each call.</summary>
        /// <param name="item">0-based item index.</param>
        /// <returns>The value.</returns>
        public string CpItemValue(int item) => Text(_items[(item * ItemStride) + 2], _items[(item * ItemStride) + 3]);

        /// <summary>Whether a CP item's key is <paramref name="key"/> (ordinal), without making a string.</summary>
        /// <param name="item">0-based item index.</param>
        /// <param name="key">The key, e.g. <c>a21026-Avg</c>.</param>
        /// <returns><see langword="true"/> when equal.</returns>
        public bool CpItemKeyIs(int item, string key) => Equal(_items[item * ItemStride], _items[(item * ItemStride) + 1], key);

        /// <summary>The first CP item with key <paramref name="key"/>.</summary>
        /// <param name="key">The key, e.g. <c>a21026-Avg</c>.</param>
        /// <returns>Its index, or -1.</returns>
        public int FindCpItem(string key)
        {
            for (int i = 0; i < _itemCount; i++)
            {
                if (CpItemKeyIs(i, key))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// A CP item's value as a number (<see cref="AsciiNumber.TryParse(byte[], int, int, out double)"/>: invariant,
        /// the nearest double to the text up to 15 significant digits).
        /// </summary>
        /// <param name="item">0-based item index.</param>
        /// <param name="value">The value.</param>
        /// <returns><see langword="false"/> when the value is not a number.</returns>
        public bool TryGetCpItemNumber(int item, out double value)
        {
            int at = item * ItemStride;
            int start = _items[at + 2];
            return AsciiNumber.TryParse(_buffer, start, _items[at + 3] - start, out value);
        }

        /// <summary>
        /// A CP item's value exactly, as <paramref name="units"/> × 10^-<paramref name="scale"/>
        /// (<see cref="AsciiNumber.TryParseScaled"/>), for <c>decimal</c> arithmetic.
        /// </summary>
        /// <param name="item">0-based item index.</param>
        /// <param name="units">The digits as an integer, with the sign.</param>
        /// <param name="scale">Number of digits after the point.</param>
        /// <returns><see langword="false"/> when the value is not a plain decimal of at most 18 digits.</returns>
        public bool TryGetCpItemScaled(int item, out long units, out int scale)
        {
            int at = item * ItemStride;
            int start = _items[at + 2];
            return AsciiNumber.TryParseScaled(_buffer, start, _items[at + 3] - start, out units, out scale);
        }

        /// <summary>A CP item's value when it is one ASCII character, e.g. the data flag of <c>a21026-Flag=N</c>.</summary>
        /// <param name="item">0-based item index.</param>
        /// <param name="flag">The character.</param>
        /// <returns><see langword="false"/> when the value is not exactly one ASCII character.</returns>
        public bool TryGetCpItemChar(int item, out char flag)
        {
            int at = item * ItemStride;
            int start = _items[at + 2];
            flag = '\0';
            if (_items[at + 3] - start != 1 || _buffer[start] >= 0x80)
            {
                return false;
            }

            flag = (char)_buffer[start];
            return true;
        }

        /// <summary>Reads one packet: <c>##</c> + length + data segment + CRC, with an optional trailing CR LF (or LF).</summary>
        /// <param name="frame">Buffer holding the packet; kept (not copied) until the next read.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <param name="error">Why the packet is not valid, naming the field and the value (the reasons of <see cref="Hj212Codec"/>).</param>
        /// <returns><see langword="true"/> when valid.</returns>
        public bool TryRead(byte[] frame, int offset, int count, out string error)
        {
            Clear(frame);
            error = string.Empty;
            int end = offset + count;
            if (end > offset && frame[end - 1] == '\n')
            {
                end--;
            }

            if (end > offset && frame[end - 1] == '\r')
            {
                end--;
            }

            int length = end - offset;
            if (length < 2 || frame[offset] != '#' || frame[offset + 1] != '#')
            {
                error = "does not start with ##";
                return false;
            }

            if (length < FrameOverhead)
            {
                error = "too short for ## + length + CRC (" + length.ToString() + " bytes)";
                return false;
            }

            int declared = 0;
            for (int i = 2; i < 6; i++)
            {
                int b = frame[offset + i];
                if (b < '0' || b > '9')
                {
                    error = "length field '" + Printable(frame, offset + 2, 4) + "' is not 4 digits";
                    return false;
                }

                declared = (declared * 10) + (b - '0');
            }

            int actual = length - FrameOverhead;
            if (declared != actual)
            {
                error = "length field says " + Printable(frame, offset + 2, 4) + " but the data segment has " + actual.ToString() + " bytes";
                return false;
            }

            if (actual > Hj212Codec.MaxDataLength)
            {
                error = "data segment of " + actual.ToString() + " bytes exceeds " + Hj212Codec.MaxDataLength.ToString();
                return false;
            }

            int crcAt = offset + 6 + actual;
            int given = 0;
            for (int i = 0; i < 4; i++)
            {
                int digit = Hex.DigitValue((char)frame[crcAt + i]);
                if (digit < 0)
                {
                    error = "CRC '" + Printable(frame, crcAt, 4) + "' is not 4 hex digits";
                    return false;
                }

                given = (given << 4) | digit;
            }

            bool ascii;
            EnsureSeparatorBits(actual);
            ushort computed = Hj212Crc.Compute(frame, offset + 6, actual, _separatorBits, out ascii);
            if (given != computed)
            {
                error = "CRC mismatch: packet says " + Printable(frame, crcAt, 4) + ", data segment gives " + Hex.FormatUInt16(computed);
                return false;
            }

            if (!ascii && !Utf8.IsValid(frame, offset + 6, actual))
            {
                error = "data segment is not valid UTF-8";
                return false;
            }

            return ReadDataSegment(offset + 6, crcAt, out error);
        }

        /// <summary>Reads a data segment alone (<c>QN=…;ST=…;…;CP=&amp;&amp;…&amp;&amp;</c>), given as UTF-8 bytes.</summary>
        /// <param name="data">Buffer holding the data segment; kept (not copied) until the next read.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        /// <param name="error">Why it is not valid.</param>
        /// <returns><see langword="true"/> when valid.</returns>
        public bool TryReadDataSegment(byte[] data, int offset, int count, out string error)
        {
            Clear(data);
            if (!Utf8.IsValid(data, offset, count))
            {
                error = "data segment is not valid UTF-8";
                return false;
            }

            // The CRC is not needed here; the same scan marks the separators.
            bool ascii;
            EnsureSeparatorBits(count);
            Hj212Crc.Compute(data, offset, count, _separatorBits, out ascii);
            return ReadDataSegment(offset, offset + count, out error);
        }

        /// <summary>The packet read, as a <see cref="Hj212Packet"/> (makes its strings).</summary>
        /// <returns>A new packet.</returns>
        public Hj212Packet ToPacket()
        {
            var packet = new Hj212Packet();
            packet.QN = QN;
            packet.ST = ST;
            packet.CN = CN;
            packet.PW = PW;
            packet.MN = MN;
            packet.Flag = Flag;
            packet.PacketCount = PacketCount;
            packet.PacketNumber = PacketNumber;
            packet.Cp = Cp;
            for (int i = 0; i < _extraCount; i++)
            {
                packet.AddExtraField(ExtraFieldName(i), ExtraFieldValue(i));
            }

            return packet;
        }

        private bool ReadDataSegment(int start, int end, out string error)
        {
            error = string.Empty;
            _segmentStart = start;
            int cp = FindCpMarker(start, end);
            if (cp < 0)
            {
                error = "no CP=&&…&& segment";
                return false;
            }

            byte[] buffer = _buffer;
            if (end - cp < 7 || buffer[end - 1] != '&' || buffer[end - 2] != '&')
            {
                error = "CP segment does not end with &&";
                return false;
            }

            _cpStart = cp + 5;
            _cpEnd = end - 2;
            if (!ReadHeader(start, cp, out error))
            {
                return false;
            }

            if (_fieldEnd[CnField] <= _fieldStart[CnField])
            {
                error = "CN (command code) is missing";
                return false;
            }

            if (_fieldEnd[MnField] <= _fieldStart[MnField])
            {
                error = "MN (device id) is missing";
                return false;
            }

            if ((PacketCount > 0) != (PacketNumber > 0))
            {
                error = "PNUM and PNO must be given together";
                return false;
            }

            if (PacketNumber > PacketCount)
            {
                error = "PNO " + PacketNumber.ToString() + " is above PNUM " + PacketCount.ToString();
                return false;
            }

            IndexCpItems();
            return true;
        }

        /// <summary>The header fields before <c>CP=&amp;&amp;</c>: <c>name=value;</c> each, empty fields skipped.</summary>
        private bool ReadHeader(int start, int end, out string error)
        {
            error = string.Empty;
            byte[] buffer = _buffer;
            ulong[] bits = _separatorBits;
            int fieldStart = start;
            int equals = -1;
            for (int w = 0, wordStart = start; wordStart < end; w++, wordStart += 64)
            {
                for (ulong marks = bits[w]; marks != 0; marks &= marks - 1)
                {
                    int at = wordStart + LowestBit.Index(marks);
                    if (at >= end)
                    {
                        break;
                    }

                    int b = buffer[at];
                    if (b == '=')
                    {
                        if (equals < 0)
                        {
                            equals = at;
                        }
                    }
                    else if (b == ';')
                    {
                        if (at > fieldStart)
                        {
                            if (equals <= fieldStart)
                            {
                                error = "header field '" + Text(fieldStart, at) + "' has no name=value";
                                return false;
                            }

                            if (!SetField(fieldStart, equals, at, out error))
                            {
                                return false;
                            }
                        }

                        fieldStart = at + 1;
                        equals = -1;
                    }
                }
            }

            if (fieldStart < end)
            {
                error = "header field '" + Text(fieldStart, end) + "' is not followed by ';'";
                return false;
            }

            return true;
        }

        private bool SetField(int nameStart, int equals, int end, out string error)
        {
            error = string.Empty;
            int valueStart = equals + 1;
            int nameLength = equals - nameStart;
            byte[] b = _buffer;
            if (nameLength == 2)
            {
                for (int field = 0; field < 5; field++)
                {
                    if (b[nameStart] == TwoLetterNames[2 * field] && b[nameStart + 1] == TwoLetterNames[(2 * field) + 1])
                    {
                        _fieldStart[field] = valueStart;
                        _fieldEnd[field] = end;
                        return true;
                    }
                }
            }
            else if (Equal(nameStart, equals, "Flag"))
            {
                Flag = ParseSmall(valueStart, end, 6);
                if (Flag < 0)
                {
                    error = "Flag '" + Text(valueStart, end) + "' is not a number";
                    return false;
                }

                return true;
            }
            else if (Equal(nameStart, equals, "PNUM"))
            {
                // HJ 212-2017 gives PNUM and PNO 4 digits; more would let one packet make a reassembler hold a huge part list.
                PacketCount = ParseSmall(valueStart, end, 4);
                if (PacketCount <= 0)
                {
                    error = "PNUM '" + Text(valueStart, end) + "' is not a positive number of at most 4 digits";
                    return false;
                }

                return true;
            }
            else if (Equal(nameStart, equals, "PNO"))
            {
                PacketNumber = ParseSmall(valueStart, end, 4);
                if (PacketNumber <= 0)
                {
                    error = "PNO '" + Text(valueStart, end) + "' is not a positive number of at most 4 digits";
                    return false;
                }

                return true;
            }

            AddExtra(nameStart, equals, end);
            return true;
        }

        /// <summary>Splits the CP content at ';' (next group) and ',' into items; empty parts are skipped.</summary>
        private void IndexCpItems()
        {
            int end = _cpEnd;
            int start = _cpStart;
            if (end <= start)
            {
                return;
            }

            byte[] buffer = _buffer;
            ulong[] bits = _separatorBits;
            int[] items = _items;
            int[] groups = _itemGroup;
            int count = 0;
            int group = 0;
            int equals = -1;
            int segmentStart = _segmentStart;
            int w = (start - segmentStart) >> 6;
            int lastWord = (end - 1 - segmentStart) >> 6;
            // Marks before the CP content (the marker's '=') are dropped from its first word, and marks from its end on
            // (a candidate in the closing "&&") from its last, so the loop needs no bounds test per mark.
            ulong marks = bits[w] & (ulong.MaxValue << ((start - segmentStart) & 63));
            while (true)
            {
                if (w == lastWord)
                {
                    marks &= ulong.MaxValue >> (63 - ((end - 1 - segmentStart) & 63));
                }

                int wordStart = segmentStart + (w << 6);
                for (; marks != 0; marks &= marks - 1)
                {
                    int at = wordStart + LowestBit.Index(marks);
                    int b = buffer[at];
                    if (b == '=')
                    {
                        if (equals < 0)
                        {
                            equals = at;
                        }

                        continue;
                    }

                    if (b != ';' && b != ',')
                    {
                        continue; // a candidate of the word loop that is no separator
                    }

                    if (at > start)
                    {
                        // AddItem, written out with the arrays in locals: the loop's values then stay in registers.
                        int slot = count * ItemStride;
                        if (slot == items.Length)
                        {
                            items = _items = Grow(items);
                            groups = _itemGroup = Grow(groups);
                        }

                        int keyEnd = equals < 0 ? at : equals;
                        items[slot] = start;
                        items[slot + 1] = keyEnd;
                        items[slot + 2] = equals < 0 ? at : equals + 1;
                        items[slot + 3] = at;
                        groups[count] = group;
                        count++;
                    }

                    group += b == ';' ? 1 : 0;
                    start = at + 1;
                    equals = -1;
                }

                if (++w > lastWord)
                {
                    break;
                }

                marks = bits[w];
            }

            _itemCount = count;
            if (end > start)
            {
                AddItem(group, start, equals, end);
            }
        }

        private void AddItem(int group, int start, int equals, int end)
        {
            int at = _itemCount * ItemStride;
            if (at == _items.Length)
            {
                _items = Grow(_items);
                _itemGroup = Grow(_itemGroup);
            }

            int[] items = _items;
            items[at] = start;
            items[at + 1] = equals < 0 ? end : equals;
            items[at + 2] = equals < 0 ? end : equals + 1;
            items[at + 3] = end;
            _itemGroup[_itemCount] = group;
            _itemCount++;
        }

        private void AddExtra(int start, int equals, int end)
        {
            if (_extraCount == _extraStart.Length)
            {
                _extraStart = Grow(_extraStart);
                _extraEquals = Grow(_extraEquals);
                _extraEnd = Grow(_extraEnd);
            }

            _extraStart[_extraCount] = start;
            _extraEquals[_extraCount] = equals;
            _extraEnd[_extraCount] = end;
            _extraCount++;
        }

        /// <summary>Room for the separator marks of a data segment of <paramref name="count"/> bytes.</summary>
        private void EnsureSeparatorBits(int count)
        {
            int words = (count + 63) / 64;
            if (words > _separatorBits.Length)
            {
                _separatorBits = new ulong[words];
            }
        }

        private static int[] Grow(int[] array)
        {
            var larger = new int[array.Length * 2];
            System.Array.Copy(array, larger, array.Length);
            return larger;
        }

        private void Clear(byte[] buffer)
        {
            _buffer = buffer;
            _cpStart = 0;
            _cpEnd = 0;
            for (int field = 0; field < 5; field++)
            {
                _fieldStart[field] = 0;
                _fieldEnd[field] = 0;
            }
            Flag = -1;
            PacketCount = -1;
            PacketNumber = -1;
            _extraCount = 0;
            _itemCount = 0;
        }

        /// <summary>The first <c>CP=&amp;&amp;</c> in the data segment (found at its '='); -1 when none.</summary>
        private int FindCpMarker(int start, int end)
        {
            byte[] b = _buffer;
            ulong[] bits = _separatorBits;
            for (int w = 0, wordStart = start; wordStart < end; w++, wordStart += 64)
            {
                for (ulong marks = bits[w]; marks != 0; marks &= marks - 1)
                {
                    int at = wordStart + LowestBit.Index(marks);
                    if (b[at] == '=' && at - 2 >= start && at + 3 <= end
                        && b[at - 2] == 'C' && b[at - 1] == 'P' && b[at + 1] == '&' && b[at + 2] == '&')
                    {
                        return at - 2;
                    }
                }
            }

            return -1;
        }

        /// <summary>1 to <paramref name="maxDigits"/> ASCII digits as a number; -1 otherwise.</summary>
        private int ParseSmall(int start, int end, int maxDigits)
        {
            if (end <= start || end - start > maxDigits)
            {
                return -1;
            }

            int value = 0;
            for (int i = start; i < end; i++)
            {
                int b = _buffer[i];
                if (b < '0' || b > '9')
                {
                    return -1;
                }

                value = (value * 10) + (b - '0');
            }

            return value;
        }

        /// <summary>Whether the bytes are the UTF-8 of <paramref name="text"/>.</summary>
        private bool Equal(int start, int end, string text)
        {
            byte[] b = _buffer;
            if (end - start == text.Length)
            {
                int i = 0;
                while (i < text.Length && text[i] < 0x80 && b[start + i] == text[i])
                {
                    i++;
                }

                if (i == text.Length)
                {
                    return true;
                }

                if (text[i] < 0x80)
                {
                    return false;
                }
            }

            // Non-ASCII text (or a byte length that differs from the char count): compare its UTF-8 bytes.
            if (Utf8.ByteCount(text) != end - start)
            {
                return false;
            }

            byte[] encoded = Utf8.GetBytes(text);
            for (int i = 0; i < encoded.Length; i++)
            {
                if (b[start + i] != encoded[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A two-letter header field's value as a string.</summary>
        private string Field(int field) => Text(_fieldStart[field], _fieldEnd[field]);

        /// <summary>The bytes (valid UTF-8, checked by the read) as a string.</summary>
        private string Text(int start, int end)
        {
            if (end <= start)
            {
                return string.Empty;
            }

            string text;
            Utf8.TryDecode(_buffer, start, end - start, out text);
            return text;
        }

        private static string Printable(byte[] bytes, int offset, int count)
        {
            var chars = new char[count];
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                chars[i] = b >= 32 && b < 127 ? (char)b : '?';
            }

            return new string(chars);
        }
    }
}
