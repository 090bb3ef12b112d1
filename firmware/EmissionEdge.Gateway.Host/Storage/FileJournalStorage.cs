using EmissionEdge.Gateway.Core.Ports;
using Microsoft.Win32.SafeHandles;

namespace EmissionEdge.Gateway.Host.Storage;

/// <summary>
/// The journal's byte store on a PC: one preallocated file of the configured size, opened exclusively (two gateways
/// must never share a journal). Each write goes to the operating system before it returns, and to the disk too when
/// <c>flushToDisk</c> is on, so a killed process loses at most the record being written (which the journal then
/// finds torn and skips) and a power cut loses nothing written before it.
/// </summary>
public sealed class FileJournalStorage : IJournalStorage, IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly bool _flushToDisk;

    /// <summary>Opens or creates the journal file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="sizeBytes">Its size; a new file is created with it (reading as zeros).</param>
    /// <param name="flushToDisk">Whether every write is also flushed to the disk (fsync), as a device's flash write is durable.</param>
    /// <exception cref="IOException">The file cannot be opened (also: in use by another gateway) or has another size; the message names the path.</exception>
    public FileJournalStorage(string path, int sizeBytes, bool flushToDisk = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeBytes, 1);
        Path = System.IO.Path.GetFullPath(path);
        _flushToDisk = flushToDisk;
        try
        {
            var directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            _file = File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"journal '{Path}' cannot be opened (is another gateway using it?): {e.Message}", e);
        }

        long length = RandomAccess.GetLength(_file);
        if (length == 0)
        {
            RandomAccess.SetLength(_file, sizeBytes);
            if (flushToDisk)
            {
                RandomAccess.FlushToDisk(_file);
            }
        }
        else if (length != sizeBytes)
        {
            _file.Dispose();
            throw new IOException(
                $"journal '{Path}' is {length} bytes, the configuration says {sizeBytes}: keep the size, or move the file away to start a new journal (its unsent records would be lost)");
        }

        Length = sizeBytes;
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public int Length { get; }

    /// <summary>
    /// Fault injection for power-cut and kill tests: when set, every write of more than one byte is done in two halves
    /// with this pause between them, and <see cref="WriteInterrupted"/> is raised before the pause, so that a process
    /// killed then leaves a torn record. Off (zero) in normal operation.
    /// </summary>
    public TimeSpan TornWritePause { get; set; }

    /// <summary>Raised with the byte position of a write that is half done (only while <see cref="TornWritePause"/> is set).</summary>
    public event Action<int>? WriteInterrupted;

    /// <inheritdoc />
    public void Read(int position, byte[] buffer, int offset, int count)
    {
        int done = 0;
        while (done < count)
        {
            int read = RandomAccess.Read(_file, buffer.AsSpan(offset + done, count - done), position + done);
            if (read == 0)
            {
                throw new IOException($"journal '{Path}' ends at {position + done}, before {position + count}");
            }

            done += read;
        }
    }

    /// <inheritdoc />
    public void Write(int position, byte[] buffer, int offset, int count)
    {
        if (TornWritePause > TimeSpan.Zero && count > 1)
        {
            int half = count / 2;
            RandomAccess.Write(_file, buffer.AsSpan(offset, half), position);
            Flush();
            WriteInterrupted?.Invoke(position);
            Thread.Sleep(TornWritePause);
            RandomAccess.Write(_file, buffer.AsSpan(offset + half, count - half), position + half);
        }
        else
        {
            RandomAccess.Write(_file, buffer.AsSpan(offset, count), position);
        }

        Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();

    private void Flush()
    {
        if (_flushToDisk)
        {
            RandomAccess.FlushToDisk(_file);
        }
    }
}
