using System.IO;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Storage
{
    /// <summary>
    /// The journal's byte store: one preallocated file on the internal flash drive <c>I:\</c> (nanoFramework's
    /// LittleFS <c>config</c> partition, 2 MB with the 8 MB partition table; hardware/reference-board/README.md).
    /// </summary>
    /// <remarks>
    /// nanoFramework APIs used (nanoFramework.System.IO.FileSystem):
    /// <list type="bullet">
    /// <item><c>System.IO.File.Exists(string)</c>.</item>
    /// <item><c>System.IO.FileStream(string path, FileMode mode, FileAccess access)</c> with <c>FileMode.Create</c>
    /// (preallocation) and <c>FileMode.Open</c>, <c>FileAccess.ReadWrite</c>.</item>
    /// <item><c>FileStream.Seek(long, SeekOrigin.Begin)</c> (the position may not go beyond <c>Length</c>, hence the
    /// preallocation), <c>Read(byte[], int, int)</c>, <c>Write(byte[], int, int)</c>, <c>Length</c>, <c>Dispose()</c>.
    /// nanoFramework's FileStream writes through to the file system on every call (its <c>Flush()</c> is documented as
    /// "already everything flushed/sync after every Read/Write operation").</item>
    /// </list>
    /// </remarks>
    public sealed class FlashJournalStorage : IJournalStorage
    {
        private const int FillChunk = 1024;
        private readonly FileStream _file;
        private readonly int _length;

        /// <summary>Opens the journal file, creating it filled with zeros when it is missing or has another size.</summary>
        /// <param name="path">Path on the device, e.g. <c>I:\journal.bin</c>.</param>
        /// <param name="sizeBytes">Size from the gateway configuration.</param>
        public FlashJournalStorage(string path, int sizeBytes)
        {
            _length = sizeBytes;
            if (!File.Exists(path) || LengthOf(path) != sizeBytes)
            {
                Preallocate(path, sizeBytes);
            }

            _file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        }

        /// <inheritdoc/>
        public int Length => _length;

        /// <inheritdoc/>
        public void Read(int position, byte[] buffer, int offset, int count)
        {
            _file.Seek(position, SeekOrigin.Begin);
            int done = 0;
            while (done < count)
            {
                int n = _file.Read(buffer, offset + done, count - done);
                if (n <= 0)
                {
                    throw new IOException("journal file ends at " + (position + done).ToString() + ", expected " + _length.ToString() + " bytes");
                }

                done += n;
            }
        }

        /// <inheritdoc/>
        public void Write(int position, byte[] buffer, int offset, int count)
        {
            _file.Seek(position, SeekOrigin.Begin);
            _file.Write(buffer, offset, count);
            _file.Flush();
        }

        private static long LengthOf(string path)
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                return file.Length;
            }
        }

        private static void Preallocate(string path, int sizeBytes)
        {
            var zeros = new byte[FillChunk];
            using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite))
            {
                for (int written = 0; written < sizeBytes; written += FillChunk)
                {
                    file.Write(zeros, 0, sizeBytes - written < FillChunk ? sizeBytes - written : FillChunk);
                }
            }
        }
    }
}
