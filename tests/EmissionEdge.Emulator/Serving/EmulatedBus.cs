using EmissionEdge.Emulator.Modbus;

namespace EmissionEdge.Emulator.Serving;

/// <summary>
/// The analyzers on one RS-485 bus (multi-drop: each answers only its own unit id) and the request loop shared by the
/// serial and TCP servers: read bytes, cut requests with <see cref="RtuRequestFramer"/>, let the addressed analyzer
/// answer, wait its answer delay, send.
/// </summary>
public sealed class EmulatedBus
{
    /// <summary>Real time of line silence after which a partial request is dropped (or an unknown-length one ends).</summary>
    public static readonly TimeSpan SilenceTimeout = TimeSpan.FromMilliseconds(50);

    private readonly AnalyzerEmulator[] _analyzers;
    private long _requests;
    private long _discarded;
    private long _notAddressed;

    /// <summary>Creates the bus.</summary>
    /// <param name="analyzers">The analyzers; unit ids must differ.</param>
    /// <exception cref="ArgumentException">No analyzer, or two share a unit id.</exception>
    public EmulatedBus(IEnumerable<AnalyzerEmulator> analyzers)
    {
        ArgumentNullException.ThrowIfNull(analyzers);
        _analyzers = analyzers.ToArray();
        if (_analyzers.Length == 0)
        {
            throw new ArgumentException("a bus needs at least one analyzer", nameof(analyzers));
        }

        var duplicate = _analyzers.GroupBy(a => a.UnitId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"unit id {duplicate.Key} is used by {duplicate.Count()} analyzers on one bus", nameof(analyzers));
        }
    }

    /// <summary>The analyzers.</summary>
    public IReadOnlyList<AnalyzerEmulator> Analyzers => _analyzers;

    /// <summary>Requests with a good CRC received.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Byte runs dropped (bad CRC, cut off).</summary>
    public long Discarded => Interlocked.Read(ref _discarded);

    /// <summary>Good requests for a unit id no analyzer here has.</summary>
    public long NotAddressed => Interlocked.Read(ref _notAddressed);

    /// <summary>Serves one byte link until it closes or <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="read">Reads up to the buffer's length, waiting at most the timeout; returns 0 on silence, -1 when the link closed.</param>
    /// <param name="write">Sends a frame.</param>
    /// <param name="cancellationToken">Stops serving.</param>
    public void Serve(Func<byte[], TimeSpan, int> read, Action<byte[]> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(write);
        var framer = new RtuRequestFramer();
        var buffer = new byte[512];
        long discardedBefore = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            int count = read(buffer, SilenceTimeout);
            if (count < 0)
            {
                return;
            }

            if (count == 0)
            {
                if (framer.Silence() is { } late)
                {
                    Handle(late, write);
                }
            }
            else
            {
                foreach (var request in framer.Feed(buffer, 0, count))
                {
                    Handle(request, write);
                }
            }

            if (framer.Discarded != discardedBefore)
            {
                Interlocked.Add(ref _discarded, framer.Discarded - discardedBefore);
                discardedBefore = framer.Discarded;
            }
        }
    }

    private void Handle(byte[] request, Action<byte[]> write)
    {
        Interlocked.Increment(ref _requests);
        var analyzer = Array.Find(_analyzers, a => a.UnitId == request[0]);
        if (analyzer is null)
        {
            Interlocked.Increment(ref _notAddressed);
            return;
        }

        var answer = analyzer.Answer(request);
        if (answer.Frame is null)
        {
            return;
        }

        if (answer.Delay > TimeSpan.Zero)
        {
            Thread.Sleep(answer.Delay);
        }

        write(answer.Frame);
    }
}
