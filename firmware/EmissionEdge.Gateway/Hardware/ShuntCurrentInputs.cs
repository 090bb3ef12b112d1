using System;
using System.Device.Adc;
using EmissionEdge.Gateway.Core.Configuration;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Hardware
{
    /// <summary>
    /// The 4–20 mA inputs: a shunt per input whose voltage an ESP32 ADC1 channel reads
    /// (hardware/reference-board/current-loop-inputs.md). Returns the loop current; the NAMUR NE43
    /// classification and scaling are the core's (<c>CurrentLoop</c>).
    /// </summary>
    /// <remarks>
    /// nanoFramework APIs used (nanoFramework.System.Device.Adc):
    /// <list type="bullet">
    /// <item><c>System.Device.Adc.AdcController()</c>: the single logical ADC controller (throws when created twice).</item>
    /// <item><c>AdcController.OpenChannel(int channelNumber)</c>: on the ESP32 logical channels 0–7 are ADC1 channels 0–7
    /// (GPIO 36, 37, 38, 39, 32, 33, 34, 35), configured by the native driver with 11 dB attenuation and 12 bits.</item>
    /// <item><c>AdcChannel.ReadValue()</c>: the raw 12-bit conversion (0–4095), not calibrated by the firmware.</item>
    /// </list>
    /// </remarks>
    public sealed class ShuntCurrentInputs : ICurrentLoopInputs
    {
        /// <summary>Conversions averaged per reading (noise of a few counts drops by √16 = 4).</summary>
        public const int Oversampling = 16;

        private readonly AdcChannel[] _channels;
        private readonly double[] _shuntOhms;
        private readonly AdcCalibration[] _calibrations;
        private readonly double[] _lastCounts;

        /// <summary>Opens one ADC1 channel per analog input of the pin map.</summary>
        /// <param name="inputs">The pin map's analog inputs (GPIO and shunt).</param>
        /// <param name="calibrations">Per input (same index), its two-point calibration, or a null entry for the nominal slope
        /// (<see cref="AdcCounts.CalibrationsByInput"/>).</param>
        public ShuntCurrentInputs(AnalogInputPin[] inputs, AdcCalibration[] calibrations)
        {
            var adc = new AdcController();
            _channels = new AdcChannel[inputs.Length];
            _shuntOhms = new double[inputs.Length];
            _calibrations = calibrations;
            _lastCounts = new double[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                _channels[i] = adc.OpenChannel(AdcCounts.Adc1Channel(inputs[i].Gpio));
                _shuntOhms[i] = inputs[i].ShuntOhms;
                _lastCounts[i] = double.NaN;
            }
        }

        /// <summary>The averaged raw counts of the last reading of an input (NaN before the first): what the calibration procedure records.</summary>
        /// <param name="input">Index of the input in the pin map's <c>analogInputs</c>.</param>
        /// <returns>Counts (0–4095).</returns>
        public double LastCounts(int input) => _lastCounts[input];

        /// <inheritdoc/>
        public bool TryReadMilliamps(int input, out double milliamps)
        {
            milliamps = double.NaN;
            if (input < 0 || input >= _channels.Length)
            {
                return false;
            }

            int sum = 0;
            try
            {
                for (int i = 0; i < Oversampling; i++)
                {
                    sum += _channels[input].ReadValue();
                }
            }
            catch (Exception)
            {
                return false;
            }

            _lastCounts[input] = (double)sum / Oversampling;
            milliamps = AdcCounts.Milliamps(_lastCounts[input], _shuntOhms[input], _calibrations[input]);
            return true;
        }
    }
}
