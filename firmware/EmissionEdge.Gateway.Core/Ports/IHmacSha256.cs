namespace EmissionEdge.Gateway.Core.Ports
{
    /// <summary>
    /// HMAC-SHA256, fed incrementally so that callers never concatenate buffers. The core ships a
    /// managed implementation (<see cref="Security.HmacSha256"/>); a device may plug in a hardware one.
    /// </summary>
    public interface IHmacSha256
    {
        /// <summary>Starts a new MAC with <paramref name="key"/> (any length; keys over 64 bytes are hashed as HMAC requires).</summary>
        /// <param name="key">The secret key bytes (for IoT Hub: the base64-decoded device key).</param>
        void Start(byte[] key);

        /// <summary>Adds message bytes.</summary>
        /// <param name="data">Source.</param>
        /// <param name="offset">Index of the first byte.</param>
        /// <param name="count">Number of bytes.</param>
        void Append(byte[] data, int offset, int count);

        /// <summary>Finishes the MAC and writes its 32 bytes.</summary>
        /// <param name="mac">Destination.</param>
        /// <param name="offset">Index where the 32 bytes go.</param>
        void Finish(byte[] mac, int offset);
    }
}
