namespace EmissionEdge.Fuzzing.Targets;

/// <summary>Modbus RTU frame building for the generators, written from the Modbus serial line specification (not shared with the code under test).</summary>
internal static class ModbusFrames
{
    /// <summary>The frame with its CRC-16/MODBUS (polynomial 0xA001 reflected, start 0xFFFF, low byte first) appended.</summary>
    public static byte[] WithCrc(params byte[] body)
    {
        ushort crc = 0xFFFF;
        foreach (var b in body)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (ushort)((crc >> 1) ^ 0xA001) : (ushort)(crc >> 1);
            }
        }

        return [.. body, (byte)crc, (byte)(crc >> 8)];
    }

    /// <summary>Whether the last two bytes are the CRC of the others.</summary>
    public static bool CrcOk(ReadOnlySpan<byte> frame) =>
        frame.Length >= 3 && WithCrc(frame[..^2].ToArray()).AsSpan(frame.Length - 2).SequenceEqual(frame[^2..]);
}
