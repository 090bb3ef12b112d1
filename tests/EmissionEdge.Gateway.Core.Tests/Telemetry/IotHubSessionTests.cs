using EmissionEdge.Gateway.Core.Security;
using EmissionEdge.Gateway.Core.Telemetry;
using EmissionEdge.Gateway.Core.Tests.Support;

namespace EmissionEdge.Gateway.Core.Tests.Telemetry;

public sealed class IotHubSessionTests
{
    private const long Now = 1_798_761_600; // 2027-01-01T00:00Z
    private readonly FakeMqttConnection _mqtt = new();
    private readonly IotHubSession _session;

    public IotHubSessionTests() =>
        _session = new IotHubSession(new IotHubConnection("ee-hub.azure-devices.net", "gw-1"), TelemetryEncoderTests.ContractDeviceKey, new HmacSha256(), _mqtt, 3600);

    [Fact]
    public void A_refusing_broker_is_retried_after_2_s_doubling_to_5_min_and_a_success_resets_the_backoff()
    {
        _mqtt.Accepts = false;
        var attempts = new List<long>();
        for (long ms = 0; ms <= 810_000; ms += 100)
        {
            int before = _mqtt.Connects.Count;
            _mqtt.Accepts = ms == 810_000;
            Assert.Equal(ms == 810_000, _session.Maintain(Now + (ms / 1000), ms));
            if (_mqtt.Connects.Count > before)
            {
                attempts.Add(ms);
            }
        }

        // Waits 2, 4, 8, 16, 32, 64, 128, 256, then 300 s.
        Assert.Equal([0L, 2_000, 6_000, 14_000, 30_000, 62_000, 126_000, 254_000, 510_000, 810_000], attempts);
        Assert.Equal((9, 1), (_session.FailedConnects, _session.Connects));

        _mqtt.BrokerCloses();
        Assert.True(_session.Maintain(Now + 811, 810_100)); // no wait after a connection that worked
    }

    [Fact]
    public void A_connected_session_with_a_fresh_token_does_nothing_and_a_drop_reconnects_at_once()
    {
        Assert.True(_session.Maintain(Now, 0));
        Assert.False(_session.Maintain(Now + 3239, 1));
        Assert.Equal((1, 0), (_mqtt.Connects.Count, _mqtt.Disconnects));
        _session.Drop();
        Assert.True(_session.Maintain(Now + 3239, 2));
        Assert.Equal((2, 1), (_mqtt.Connects.Count, _mqtt.Disconnects));
        Assert.Equal(Now + 3239 + 3600, _session.TokenExpiry);
    }

    [Fact]
    public void A_token_lifetime_under_a_minute_is_refused() =>
        Assert.Throws<ArgumentException>(() => new IotHubSession(new IotHubConnection("h", "d"), TelemetryEncoderTests.ContractDeviceKey, new HmacSha256(), _mqtt, 59));
}

public sealed class PubackMailboxTests
{
    private readonly FakeMqttConnection _mqtt = new();
    private readonly PubackMailbox _mailbox;
    private readonly List<ushort> _delivered = [];

    public PubackMailboxTests()
    {
        _mailbox = new PubackMailbox(_mqtt);
        _mailbox.PublishAcknowledged += _delivered.Add;
    }

    [Fact]
    public void Pubacks_are_raised_only_by_deliver_on_its_callers_thread_oldest_first()
    {
        int deliverThread = Environment.CurrentManagedThreadId;
        int raisedOn = 0;
        _mailbox.PublishAcknowledged += _ => raisedOn = Environment.CurrentManagedThreadId;
        var client = new Thread(() =>
        {
            _mqtt.Ack(7);
            _mqtt.Ack(8);
        });
        client.Start();
        client.Join();
        Assert.Empty(_delivered);
        Assert.Equal(2, _mailbox.Deliver());
        Assert.Equal([7, 8], _delivered);
        Assert.Equal(deliverThread, raisedOn);
        Assert.Equal(0, _mailbox.Deliver());
    }

    [Fact]
    public void A_full_mailbox_drops_the_oldest_id_and_counts_it()
    {
        for (ushort id = 1; id <= PubackMailbox.Capacity + 1; id++)
        {
            _mqtt.Ack(id);
        }

        Assert.Equal(PubackMailbox.Capacity, _mailbox.Deliver());
        Assert.Equal(Enumerable.Range(2, PubackMailbox.Capacity).Select(i => (ushort)i), _delivered);
        Assert.Equal(1, _mailbox.Overflows);
    }

    [Fact]
    public void A_new_connection_discards_ids_of_the_previous_one()
    {
        _mqtt.Ack(1);
        Assert.True(_mailbox.Connect("c", "u", "p"));
        Assert.Equal(0, _mailbox.Deliver());
        Assert.Equal(("c", "u", "p"), Assert.Single(_mqtt.Connects));
    }
}
