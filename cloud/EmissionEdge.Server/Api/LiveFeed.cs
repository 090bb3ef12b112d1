using System.Text.Json;
using System.Threading.Channels;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Server.Status;

namespace EmissionEdge.Server.Api;

/// <summary>One event of the live feed: <c>minute</c>, <c>hour</c> or <c>alert</c>, with the JSON of its view.</summary>
/// <param name="Type">The event type.</param>
/// <param name="Unit">The unit it concerns (events are filtered by the caller's units).</param>
/// <param name="Json">The view as JSON (<see cref="MinuteView"/>, <see cref="HourView"/>, <see cref="AlertView"/>).</param>
public sealed record LiveEvent(string Type, string Unit, string Json);

/// <summary>
/// Fans the ingest pipeline's feed (<see cref="IngestPipeline.Feed"/>) out to Server-Sent Events subscribers. The
/// pipeline calls it synchronously after storing; each subscriber has a bounded queue (oldest events dropped when a
/// client cannot keep up), so a slow browser never slows ingest.
/// </summary>
public sealed class LiveFeed : IObserver<IngestNotification>, IDisposable
{
    /// <summary>Events a subscriber may fall behind before the oldest are dropped.</summary>
    public const int QueueLength = 2000;

    private readonly PlantStatus _status;
    private readonly object _gate = new();
    private readonly IDisposable _subscription;
    private Channel<LiveEvent>[] _subscribers = [];

    /// <summary>Creates the feed and subscribes it to the pipeline.</summary>
    /// <param name="pipeline">The ingest pipeline.</param>
    /// <param name="status">Builds the views.</param>
    public LiveFeed(IngestPipeline pipeline, PlantStatus status)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        _status = status;
        _subscription = pipeline.Feed.Subscribe(this);
    }

    /// <summary>JSON options of event data and API responses (camelCase).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Registers a subscriber now (so nothing stored after this call is missed) and returns its queue; dispose the
    /// subscription when the client goes away.
    /// </summary>
    /// <returns>The subscription.</returns>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        return new Subscription(this, channel);
    }

    /// <inheritdoc />
    public void OnNext(IngestNotification value)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        if (subscribers.Length == 0)
        {
            return;
        }

        LiveEvent item = value switch
        {
            MinuteStored m => new LiveEvent("minute", m.Minute.Record.Unit, JsonSerializer.Serialize(_status.ToView(m.Minute), JsonOptions)),
            HourEvaluated h => new LiveEvent("hour", h.Hour.Unit, JsonSerializer.Serialize(_status.ToView(h.Hour), JsonOptions)),
            AlertChanged a => new LiveEvent("alert", a.Notice.Unit, JsonSerializer.Serialize(PlantStatus.ToView(a.Notice, null), JsonOptions)),
            _ => new LiveEvent("other", string.Empty, "{}"),
        };
        foreach (var subscriber in subscribers)
        {
            subscriber.Writer.TryWrite(item);
        }
    }

    /// <inheritdoc />
    public void OnError(Exception error)
    {
    }

    /// <inheritdoc />
    public void OnCompleted()
    {
    }

    /// <inheritdoc />
    public void Dispose() => _subscription.Dispose();

    private void Remove(Channel<LiveEvent> channel)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(c => c != channel).ToArray();
        }
    }

    /// <summary>One subscriber's queue of events.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly LiveFeed _feed;
        private readonly Channel<LiveEvent> _channel;

        internal Subscription(LiveFeed feed, Channel<LiveEvent> channel)
        {
            _feed = feed;
            _channel = channel;
        }

        /// <summary>The events, in order.</summary>
        public ChannelReader<LiveEvent> Events => _channel.Reader;

        /// <inheritdoc />
        public void Dispose() => _feed.Remove(_channel);
    }
}
