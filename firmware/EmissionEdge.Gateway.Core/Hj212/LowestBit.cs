namespace EmissionEdge.Gateway.Core.Hj212
{
    /// <summary>The index of the lowest set bit of a 64-bit word, as the reader walks the separator marks.</summary>
    internal static class LowestBit
    {
        // (1 << k) × DeBruijn has a different top 6 bits for each k.
        private const ulong DeBruijn = 0x03F79D71B4CB0A89UL;
        private static readonly byte[] DeBruijnIndex = BuildDeBruijnIndex();

        /// <summary>Index (0–63) of the lowest set bit; <paramref name="word"/> is not 0.</summary>
        internal static int Index(ulong word)
        {
#if NANOFRAMEWORK_1_0
            return ByDeBruijn(word);
#else
            return System.Numerics.BitOperations.TrailingZeroCount(word);
#endif
        }

        /// <summary>
        /// The same by a multiply and a 64-entry look-up, for nanoFramework, which has no bit-count
        /// instruction; compiled everywhere so the tests check it.
        /// </summary>
        internal static int ByDeBruijn(ulong word)
        {
            return DeBruijnIndex[((word & (0 - word)) * DeBruijn) >> 58];
        }

        private static byte[] BuildDeBruijnIndex()
        {
            var index = new byte[64];
            for (int k = 0; k < 64; k++)
            {
                index[((1UL << k) * DeBruijn) >> 58] = (byte)k;
            }

            return index;
        }
    }
}
