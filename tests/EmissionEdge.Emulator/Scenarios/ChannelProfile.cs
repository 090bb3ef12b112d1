namespace EmissionEdge.Emulator.Scenarios;

/// <summary>One point of a channel profile: from <see cref="At"/> on the channel reads <see cref="Value"/>.</summary>
/// <param name="At">Scenario time of the point.</param>
/// <param name="Value">The value, in the unit of the analyzer map (mg/m3, % vol, m3/h, …).</param>
public sealed record ProfilePoint(TimeSpan At, double Value);

/// <summary>How a profile moves between its points.</summary>
public enum ProfileShape
{
    /// <summary>Each value holds until the next point.</summary>
    Step,

    /// <summary>Straight lines between points.</summary>
    Linear,
}

/// <summary>
/// The value of one channel over scenario time: points (sorted by time), a shape, and Gaussian noise. The noise at a
/// given time is a pure function of the seed, the channel and the time, so every reader (the emulator answering, a
/// test computing the expected minute) sees the same value.
/// </summary>
/// <param name="Channel">Telemetry channel name.</param>
/// <param name="Points">The points, sorted by time; the first value also holds before the first point.</param>
/// <param name="Shape">Between points.</param>
/// <param name="NoiseStandardDeviation">Standard deviation of the added noise (0 = none).</param>
public sealed record ChannelProfile(string Channel, IReadOnlyList<ProfilePoint> Points, ProfileShape Shape, double NoiseStandardDeviation)
{
    /// <summary>The noise-free value at <paramref name="offset"/>.</summary>
    /// <param name="offset">Scenario time.</param>
    /// <returns>The value.</returns>
    public double BaseValueAt(TimeSpan offset)
    {
        var points = Points;
        if (offset <= points[0].At)
        {
            return points[0].Value;
        }

        for (int i = points.Count - 1; i >= 0; i--)
        {
            if (offset < points[i].At)
            {
                continue;
            }

            if (Shape == ProfileShape.Step || i == points.Count - 1)
            {
                return points[i].Value;
            }

            var a = points[i];
            var b = points[i + 1];
            double fraction = (offset - a.At) / (b.At - a.At);
            return a.Value + ((b.Value - a.Value) * fraction);
        }

        return points[0].Value;
    }

    /// <summary>The value at <paramref name="offset"/> with noise.</summary>
    /// <param name="offset">Scenario time.</param>
    /// <param name="seed">The scenario's noise seed.</param>
    /// <returns>The value.</returns>
    public double ValueAt(TimeSpan offset, int seed)
    {
        double value = BaseValueAt(offset);
        return NoiseStandardDeviation > 0 ? value + (NoiseStandardDeviation * StandardNormal(seed, offset.Ticks)) : value;
    }

    private double StandardNormal(int seed, long ticks)
    {
        // Box–Muller on two uniforms from a SplitMix64 hash of (seed, channel, time): deterministic and order-free.
        ulong state = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)ticks ^ ((ulong)StableHash(Channel) << 32);
        double u1 = (Next(ref state) >> 11) * (1.0 / (1UL << 53));
        double u2 = (Next(ref state) >> 11) * (1.0 / (1UL << 53));
        u1 = Math.Max(u1, double.Epsilon);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static uint StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}
