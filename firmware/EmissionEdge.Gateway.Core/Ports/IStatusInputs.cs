namespace EmissionEdge.Gateway.Core.Ports
{
    /// <summary>
    /// The status contacts wired to the gateway (calibration, maintenance, fault, source stopped),
    /// numbered as the <c>digitalInputs</c> of the pin map. The implementation applies the pin's
    /// electrical polarity (<c>activeLow</c>), so <c>closed</c> means the contact is closed.
    /// </summary>
    public interface IStatusInputs
    {
        /// <summary>Reads one contact.</summary>
        /// <param name="input">Index of the input in the pin map's <c>digitalInputs</c>.</param>
        /// <param name="closed">Whether the contact is closed.</param>
        /// <returns><see langword="false"/> when the input could not be read.</returns>
        bool TryReadClosed(int input, out bool closed);
    }
}
