namespace EmissionEdge.Gateway.Core.Acquisition
{
    /// <summary>The NAMUR NE43 band a loop current falls in.</summary>
    public enum LoopBand
    {
        /// <summary>≤ 3.6 mA or ≥ 21.0 mA: transmitter failure signal or broken loop (flag D, no value).</summary>
        Failure = 0,
        /// <summary>3.6–3.8 mA: below the measurement band, suspect (flag D, no value).</summary>
        SuspectLow = 1,
        /// <summary>3.8–4.0 mA: measurement slightly below the range start (flag N; small negative values are kept as measured).</summary>
        UnderRange = 2,
        /// <summary>4–20 mA: normal measurement (flag N).</summary>
        Normal = 3,
        /// <summary>20.0–20.5 mA: measurement above the instrument's upper range (flag T: counts, but suspect).</summary>
        OverRange = 4,
        /// <summary>20.5–21.0 mA: saturated or going to failure (flag T: the value is at least the upper range).</summary>
        SuspectHigh = 5,
    }

    /// <summary>
    /// 4–20 mA inputs per NAMUR NE43 (domain.md §4): <c>value = lo + (I − 4)/16 × (hi − lo)</c>;
    /// 3.8–20.5 mA is measurement, ≤ 3.6 or ≥ 21.0 mA is failure, 3.6–3.8 and 20.5–21.0 are suspect,
    /// above the upper range is flag T.
    /// </summary>
    public static class CurrentLoop
    {
        /// <summary>Failure at or below this current, mA.</summary>
        public const double FailureLow = 3.6;

        /// <summary>Measurement band starts here, mA.</summary>
        public const double MeasurementLow = 3.8;

        /// <summary>Measurement band ends here, mA.</summary>
        public const double MeasurementHigh = 20.5;

        /// <summary>Failure at or above this current, mA.</summary>
        public const double FailureHigh = 21.0;

        /// <summary>The loop current from the voltage across the shunt: I = U / R.</summary>
        /// <param name="millivolts">Voltage across the shunt, mV.</param>
        /// <param name="shuntOhms">Shunt resistance, Ω.</param>
        /// <returns>Current in mA.</returns>
        public static double MilliampsFromShunt(double millivolts, double shuntOhms) => millivolts / shuntOhms;

        /// <summary>The NE43 band of a current.</summary>
        /// <param name="milliamps">Loop current, mA.</param>
        /// <returns>The band.</returns>
        public static LoopBand Classify(double milliamps)
        {
            if (!(milliamps > FailureLow) || milliamps >= FailureHigh)
            {
                return LoopBand.Failure; // also NaN
            }

            if (milliamps < MeasurementLow)
            {
                return LoopBand.SuspectLow;
            }

            if (milliamps < 4.0)
            {
                return LoopBand.UnderRange;
            }

            if (milliamps <= 20.0)
            {
                return LoopBand.Normal;
            }

            return milliamps <= MeasurementHigh ? LoopBand.OverRange : LoopBand.SuspectHigh;
        }

        /// <summary>The engineering value of a current: <c>lo + (I − 4)/16 × (hi − lo)</c>.</summary>
        /// <param name="milliamps">Loop current, mA.</param>
        /// <param name="rangeLow">Value at 4 mA.</param>
        /// <param name="rangeHigh">Value at 20 mA.</param>
        /// <returns>The value (not clamped).</returns>
        public static double Scale(double milliamps, double rangeLow, double rangeHigh) => rangeLow + ((milliamps - 4.0) / 16.0 * (rangeHigh - rangeLow));

        /// <summary>Turns a current into a sample: value and flag.</summary>
        /// <param name="milliamps">Loop current, mA.</param>
        /// <param name="rangeLow">Value at 4 mA.</param>
        /// <param name="rangeHigh">Value at 20 mA.</param>
        /// <param name="value">The value (NaN when the band gives none).</param>
        /// <returns>The sample flag: N, T or D.</returns>
        public static char ToSample(double milliamps, double rangeLow, double rangeHigh, out double value)
        {
            switch (Classify(milliamps))
            {
                case LoopBand.UnderRange:
                case LoopBand.Normal:
                    value = Scale(milliamps, rangeLow, rangeHigh);
                    return DataFlags.Normal;
                case LoopBand.OverRange:
                case LoopBand.SuspectHigh:
                    value = Scale(milliamps, rangeLow, rangeHigh);
                    return DataFlags.OverRange;
                default:
                    value = double.NaN;
                    return DataFlags.Fault;
            }
        }
    }
}
