using EmissionEdge.Ingest.Alerts;
using EmissionEdge.Ingest.Storage;

namespace EmissionEdge.Ingest.Pipeline;

/// <summary>Something the pipeline did that a live view may want to show.</summary>
public abstract record IngestNotification;

/// <summary>A new minute record was stored.</summary>
/// <param name="Minute">The stored minute.</param>
public sealed record MinuteStored(StoredMinute Minute) : IngestNotification;

/// <summary>A unit-hour was evaluated and its stored result changed (new, updated, closed or revised).</summary>
/// <param name="Hour">The stored result.</param>
/// <param name="Revised">Whether this changed an already closed hour (its <see cref="HourResultEntry.Revision"/> went up).</param>
public sealed record HourEvaluated(HourResultEntry Hour, bool Revised) : IngestNotification;

/// <summary>An alert was raised or got a new version (it is in the outbox).</summary>
/// <param name="Notice">The notice.</param>
public sealed record AlertChanged(AlertNotice Notice) : IngestNotification;

/// <summary>
/// The pipeline's live feed: subscribe to see minutes, hour results and alerts as they are stored. Observers are
/// called synchronously on the ingest path after the data is stored; an observer's exception is swallowed so it
/// cannot fail ingest. Keep observers fast (hand off to a channel for slow work).
/// </summary>
public sealed class IngestFeed : IObservable<IngestNotification>
{
    private readonly object _gate = new();
    private IObserver<IngestNotification>[] _observers = [];

    /// <inheritdoc />
    public IDisposable Subscribe(IObserver<IngestNotification> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            _observers = [.. _observers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <summary>Sends a notification to every observer.</summary>
    /// <param name="notification">The notification.</param>
    public void Publish(IngestNotification notification)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnNext(notification);
            }
#pragma warning disable CA1031 // an observer must not fail ingest
            catch (Exception)
#pragma warning restore CA1031
            {
                // Isolated by design: see the class remarks.
            }
        }
    }

    private void Unsubscribe(IObserver<IngestNotification> observer)
    {
        lock (_gate)
        {
            _observers = _observers.Where(o => !ReferenceEquals(o, observer)).ToArray();
        }
    }

    private sealed class Subscription(IngestFeed feed, IObserver<IngestNotification> observer) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(observer);
    }
}
