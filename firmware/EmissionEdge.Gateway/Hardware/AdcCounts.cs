using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Configuration;

namespace EmissionEdge.Gateway.Hardware
{
    /// <summary>
    /// The ESP32 ADC as nanoFramework exposes it (hardware/reference-board/current-loop-inputs.md): logical channel
    /// numbers of ADC1 pins and the conversion of raw 12-bit counts at 11 dB into loop current. Pure code, so the
    /// firmware test project compiles this file and checks it against hand-worked values.
    /// </summary>
    public static class AdcCounts
    {
        /// <summary>Ideal slope at 11 dB attenuation: 3300 mV over 4095 counts (0.806 mV per count).</summary>
        public const double NominalMillivoltsPerCount = Esp32Pins.AdcNominalMillivoltsPerCount;

        /// <summary>
        /// nanoFramework's logical ADC channel of an ADC1 GPIO on the original ESP32 (native driver
        /// <c>sys_dev_adc_native_System_Device_Adc_AdcController.cpp</c>: 0=GPIO36, 1=37, 2=38, 3=39, 4=32, 5=33, 6=34, 7=35).
        /// </summary>
        /// <param name="gpio">GPIO number.</param>
        /// <returns>The channel, or -1 when the GPIO is not an ADC1 pin.</returns>
        public static int Adc1Channel(int gpio)
        {
            switch (gpio)
            {
                case 36: return 0;
                case 37: return 1;
                case 38: return 2;
                case 39: return 3;
                case 32: return 4;
                case 33: return 5;
                case 34: return 6;
                case 35: return 7;
                default: return -1;
            }
        }

        /// <summary>
        /// Loop current from averaged raw counts. Calibrated: the straight line through (raw at 4 mA, 4 mA) and
        /// (raw at 20 mA, 20 mA). Uncalibrated: nominal millivolts across the shunt, I = U / R.
        /// </summary>
        /// <param name="counts">Averaged raw counts (0–4095).</param>
        /// <param name="shuntOhms">Shunt resistance from the pin map.</param>
        /// <param name="calibration">The input's calibration, or null.</param>
        /// <returns>Loop current in mA.</returns>
        public static double Milliamps(double counts, double shuntOhms, AdcCalibration? calibration)
        {
            if (calibration == null || calibration.CountsAt20mA <= calibration.CountsAt4mA)
            {
                return CurrentLoop.MilliampsFromShunt(counts * NominalMillivoltsPerCount, shuntOhms);
            }

            return 4.0 + (16.0 * (counts - calibration.CountsAt4mA) / (calibration.CountsAt20mA - calibration.CountsAt4mA));
        }

        /// <summary>
        /// The calibration of each pin-map analog input (same index), taken from the configuration's analog channels;
        /// a null entry where the configuration gives none.
        /// </summary>
        /// <param name="config">The gateway configuration.</param>
        /// <returns>One entry per <see cref="PinMap.AnalogInputs"/> entry.</returns>
        public static AdcCalibration?[] CalibrationsByInput(GatewayConfig config)
        {
            var calibrations = new AdcCalibration?[config.PinMap.AnalogInputs.Length];
            for (int i = 0; i < config.AnalogChannels.Length; i++)
            {
                AnalogChannelConfig channel = config.AnalogChannels[i];
                calibrations[channel.InputIndex] = channel.Calibration;
            }

            return calibrations;
        }
    }
}
