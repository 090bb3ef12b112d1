using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Core.Security
{
    /// <summary>HMAC-SHA256 (RFC 2104) on the managed <see cref="Sha256"/>; allocation-free after construction.</summary>
    public sealed class HmacSha256 : IHmacSha256
    {
        private readonly Sha256 _inner = new Sha256();
        private readonly Sha256 _outer = new Sha256();
        private readonly byte[] _pad = new byte[Sha256.BlockSize];
        private readonly byte[] _key = new byte[Sha256.BlockSize];
        private readonly byte[] _innerHash = new byte[Sha256.HashSize];

        /// <inheritdoc />
        public void Start(byte[] key)
        {
            for (int i = 0; i < _key.Length; i++)
            {
                _key[i] = 0;
            }

            if (key.Length > Sha256.BlockSize)
            {
                _inner.Reset();
                _inner.Append(key, 0, key.Length);
                _inner.Finish(_key, 0);
            }
            else
            {
                System.Array.Copy(key, _key, key.Length);
            }

            for (int i = 0; i < _pad.Length; i++)
            {
                _pad[i] = (byte)(_key[i] ^ 0x36);
            }

            _inner.Reset();
            _inner.Append(_pad, 0, _pad.Length);
        }

        /// <inheritdoc />
        public void Append(byte[] data, int offset, int count) => _inner.Append(data, offset, count);

        /// <inheritdoc />
        public void Finish(byte[] mac, int offset)
        {
            _inner.Finish(_innerHash, 0);
            for (int i = 0; i < _pad.Length; i++)
            {
                _pad[i] = (byte)(_key[i] ^ 0x5c);
            }

            _outer.Reset();
            _outer.Append(_pad, 0, _pad.Length);
            _outer.Append(_innerHash, 0, _innerHash.Length);
            _outer.Finish(mac, offset);
        }
    }
}
