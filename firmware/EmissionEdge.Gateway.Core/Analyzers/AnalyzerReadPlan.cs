namespace EmissionEdge.Gateway.Core.Analyzers
{
    /// <summary>One Modbus read request of a sampling cycle: a run of adjacent registers or bits of one function code.</summary>
    public sealed class ReadBlock
    {
        /// <summary>Creates a block.</summary>
        /// <param name="function">Function code 1–4.</param>
        /// <param name="start">First PDU address.</param>
        /// <param name="count">Number of registers (FC03/04) or bits (FC01/02).</param>
        public ReadBlock(byte function, ushort start, ushort count)
        {
            Function = function;
            Start = start;
            Count = count;
        }

        /// <summary>Function code.</summary>
        public byte Function { get; }

        /// <summary>First PDU address.</summary>
        public ushort Start { get; }

        /// <summary>Number of registers or bits.</summary>
        public ushort Count { get; }
    }

    /// <summary>
    /// Groups the registers an analyzer's sampling cycle needs into as few read requests as possible,
    /// merging only adjacent addresses (reading unmapped registers in a gap makes some analyzers answer
    /// with exception 02) and keeping within the Modbus limits (125 registers, 2000 bits).
    /// </summary>
    public static class AnalyzerReadPlan
    {
        /// <summary>Most registers one FC03/FC04 request may read.</summary>
        public const int MaxRegisters = 125;

        /// <summary>Most bits one FC01/FC02 request may read.</summary>
        public const int MaxBits = 2000;

        /// <summary>Plans the reads for <paramref name="channels"/> and every status entry of <paramref name="map"/> that applies to one of them.</summary>
        /// <param name="map">The analyzer map.</param>
        /// <param name="channels">The channels in use.</param>
        /// <returns>The read blocks, sorted by function and address.</returns>
        public static ReadBlock[] Plan(AnalyzerMap map, MapChannel[] channels)
        {
            int n = 0;
            var functions = new byte[channels.Length + map.Status.Length];
            var starts = new int[functions.Length];
            var ends = new int[functions.Length];
            for (int i = 0; i < channels.Length; i++)
            {
                functions[n] = channels[i].Function;
                starts[n] = channels[i].Address;
                ends[n] = channels[i].Address + channels[i].RegisterCount - 1;
                n++;
            }

            for (int i = 0; i < map.Status.Length; i++)
            {
                MapStatus s = map.Status[i];
                if (!AppliesToAny(s, channels))
                {
                    continue;
                }

                functions[n] = s.Function;
                starts[n] = s.Address;
                ends[n] = s.Address;
                n++;
            }

            // Insertion sort by (function, start): a handful of entries.
            for (int i = 1; i < n; i++)
            {
                byte f = functions[i];
                int s = starts[i];
                int e = ends[i];
                int k = i - 1;
                while (k >= 0 && (functions[k] > f || (functions[k] == f && starts[k] > s)))
                {
                    functions[k + 1] = functions[k];
                    starts[k + 1] = starts[k];
                    ends[k + 1] = ends[k];
                    k--;
                }

                functions[k + 1] = f;
                starts[k + 1] = s;
                ends[k + 1] = e;
            }

            var blockFunctions = new byte[n];
            var blockStarts = new int[n];
            var blockEnds = new int[n];
            int blocks = 0;
            for (int i = 0; i < n; i++)
            {
                int limit = functions[i] <= 2 ? MaxBits : MaxRegisters;
                if (blocks > 0 && blockFunctions[blocks - 1] == functions[i] && starts[i] <= blockEnds[blocks - 1] + 1 &&
                    Max(ends[i], blockEnds[blocks - 1]) - blockStarts[blocks - 1] + 1 <= limit)
                {
                    blockEnds[blocks - 1] = Max(ends[i], blockEnds[blocks - 1]);
                    continue;
                }

                blockFunctions[blocks] = functions[i];
                blockStarts[blocks] = starts[i];
                blockEnds[blocks] = ends[i];
                blocks++;
            }

            var result = new ReadBlock[blocks];
            for (int i = 0; i < blocks; i++)
            {
                result[i] = new ReadBlock(blockFunctions[i], (ushort)blockStarts[i], (ushort)(blockEnds[i] - blockStarts[i] + 1));
            }

            return result;
        }

        /// <summary>Whether a status entry concerns at least one of <paramref name="channels"/>.</summary>
        /// <param name="status">The status entry.</param>
        /// <param name="channels">Channels in use.</param>
        /// <returns><see langword="true"/> when it applies to one of them.</returns>
        public static bool AppliesToAny(MapStatus status, MapChannel[] channels)
        {
            for (int c = 0; c < channels.Length; c++)
            {
                if (status.AppliesTo(channels[c].ChannelIndex))
                {
                    return true;
                }
            }

            return false;
        }

        private static int Max(int a, int b) => a > b ? a : b;
    }
}
