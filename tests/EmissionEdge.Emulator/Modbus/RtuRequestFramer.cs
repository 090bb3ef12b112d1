using EmissionEdge.Gateway.Core.Modbus;

namespace EmissionEdge.Emulator.Modbus;

/// <summary>
/// Cuts Modbus RTU request frames out of a byte stream. The length of a request follows from its function code
/// (8 bytes for FC01–06, 9 + byte count for FC15/16), which works on links that do not keep the 3.5-character gaps (USB
/// adapters, pseudo-terminals, TCP); a request of another function ends at the next silence. Bytes that do not make a
/// frame with a good CRC are dropped at the next silence and counted.
/// </summary>
public sealed class RtuRequestFramer
{
    private readonly byte[] _buffer = new byte[512];
    private int _count;

    /// <summary>Frames dropped because their CRC was wrong or they were cut off.</summary>
    public long Discarded { get; private set; }

    /// <summary>Whether bytes of an unfinished frame are waiting.</summary>
    public bool HasPartialFrame => _count > 0;

    /// <summary>Adds received bytes and returns every complete request (CRC checked, without the CRC bytes).</summary>
    /// <param name="data">Received bytes.</param>
    /// <param name="offset">Index of the first.</param>
    /// <param name="count">How many.</param>
    /// <returns>The complete requests, in order (often none or one).</returns>
    public IReadOnlyList<byte[]> Feed(byte[] data, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(data);
        var frames = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            if (_count == _buffer.Length)
            {
                Discarded++;
                _count = 0;
            }

            _buffer[_count++] = data[offset + i];
            int expected = ExpectedLength();
            if (expected > 0 && _count == expected)
            {
                TakeFrame(expected, frames);
            }
        }

        return frames;
    }

    /// <summary>
    /// The line went silent: a request of a function whose length is unknown ends here; any other partial frame is
    /// noise or a cut-off request and is dropped.
    /// </summary>
    /// <returns>The request that ended, or <see langword="null"/>.</returns>
    public byte[]? Silence()
    {
        if (_count == 0)
        {
            return null;
        }

        var frames = new List<byte[]>();
        if (ExpectedLength() == 0 && _count >= 4)
        {
            TakeFrame(_count, frames);
            return frames.Count > 0 ? frames[0] : null;
        }

        Discarded++;
        _count = 0;
        return null;
    }

    private int ExpectedLength()
    {
        if (_count < 2)
        {
            return -1;
        }

        switch (_buffer[1])
        {
            case 1:
            case 2:
            case 3:
            case 4:
            case 5:
            case 6:
                return 8;
            case 15:
            case 16:
                return _count < 7 ? -1 : 9 + _buffer[6];
            default:
                return 0; // unknown function: ends at silence
        }
    }

    private void TakeFrame(int length, List<byte[]> frames)
    {
        if (ModbusCrc.Check(_buffer, length))
        {
            frames.Add(_buffer.AsSpan(0, length - 2).ToArray());
        }
        else
        {
            Discarded++;
        }

        _count = 0;
    }
}
