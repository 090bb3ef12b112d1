namespace EmissionEdge.Gateway.Core.Ports
{
    /// <summary>
    /// The 4–20 mA inputs of the gateway, numbered as the <c>analogInputs</c> of the pin map
    /// (index 0 is the first entry). On the ESP32 an ADC1 channel measures the voltage across a
    /// shunt (see <see cref="Acquisition.CurrentLoop.MilliampsFromShunt"/>); on the PC an emulator supplies the current.
    /// </summary>
    public interface ICurrentLoopInputs
    {
        /// <summary>Measures the loop current of one input.</summary>
        /// <param name="input">Index of the input in the pin map's <c>analogInputs</c>.</param>
        /// <param name="milliamps">The current in mA when the measurement succeeded.</param>
        /// <returns><see langword="false"/> when the converter could not be read (the sample is flagged D).</returns>
        bool TryReadMilliamps(int input, out double milliamps);
    }
}
