namespace EmissionEdge.Gateway.Core.Analyzers
{
    /// <summary>How a channel value is stored in Modbus registers. Spelled in map files as <c>int16</c>, <c>uint16</c>, <c>int32</c>, <c>uint32</c>, <c>float32</c>.</summary>
    public enum RegisterType
    {
        /// <summary>Signed 16-bit integer, one register.</summary>
        Int16 = 0,
        /// <summary>Unsigned 16-bit integer, one register.</summary>
        UInt16 = 1,
        /// <summary>Signed 32-bit integer, two registers.</summary>
        Int32 = 2,
        /// <summary>Unsigned 32-bit integer, two registers.</summary>
        UInt32 = 3,
        /// <summary>IEEE 754 single precision, two registers.</summary>
        Float32 = 4,
    }

    /// <summary>
    /// Order of the bytes of a value across its registers, naming the value's bytes A (most
    /// significant) to D as they appear on the wire. For 16-bit values only the first two letters
    /// matter (AB normal, BA swapped).
    /// </summary>
    public enum WordOrder
    {
        /// <summary>Big-endian, high word first (Modbus default; Thermo, SICK).</summary>
        ABCD = 0,
        /// <summary>Low word first, bytes within a word big-endian ("word swapped").</summary>
        CDAB = 1,
        /// <summary>High word first, bytes within each word swapped.</summary>
        BADC = 2,
        /// <summary>Fully little-endian.</summary>
        DCBA = 3,
    }
}
