using System.Text;
using EmissionEdge.Ingest.Pipeline;
using EmissionEdge.Server.Ingest;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmissionEdge.Server.Tests.Ingest;

/// <summary>Group commit: what arrives during a commit goes into the next one, acknowledged only after it committed.</summary>
public sealed class IngestGroupCommitTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Messages_arriving_during_a_commit_form_the_next_group_and_complete_only_after_it_committed()
    {
        var store = new ControlledCommit();
        await using var groupCommit = new IngestGroupCommit(store.CommitAsync, NullLogger<IngestGroupCommit>.Instance);

        var first = groupCommit.IngestAsync(Message("gw-a", 0), CancellationToken.None);
        await store.Started.WaitAsync(Wait);
        var next = new[] { Message("gw-a", 1), Message("gw-b", 0), Message("gw-c", 0), Message("gw-b", 1), Message("gw-a", 2) };
        var waiting = next.Select(m => groupCommit.IngestAsync(m, CancellationToken.None)).ToArray();
        await Task.Delay(100);
        Assert.False(first.IsCompleted);
        Assert.All(waiting, t => Assert.False(t.IsCompleted));

        store.Release();
        Assert.Equal(1, (await first.WaitAsync(Wait)).Accepted);
        await store.Started.WaitAsync(Wait);
        Assert.Equal(next, store.Groups[1]);
        await Task.Delay(100);
        Assert.All(waiting, t => Assert.False(t.IsCompleted)); // their group has not committed yet

        store.Release();
        var outcomes = await Task.WhenAll(waiting).WaitAsync(Wait);
        Assert.Equal([1, 2, 3, 4, 5], outcomes.Select(o => o.Accepted)); // each its own outcome, by position in the group
        Assert.Equal(2, store.Groups.Count);
    }

    [Fact]
    public async Task A_failed_commit_acknowledges_none_of_its_group_and_the_next_group_is_stored()
    {
        var store = new ControlledCommit();
        await using var groupCommit = new IngestGroupCommit(store.CommitAsync, NullLogger<IngestGroupCommit>.Instance);
        var first = groupCommit.IngestAsync(Message("gw-a", 0), CancellationToken.None);
        await store.Started.WaitAsync(Wait);
        var failing = new[] { Message("gw-a", 1), Message("gw-b", 0), Message("gw-c", 0) }.Select(m => groupCommit.IngestAsync(m, CancellationToken.None)).ToArray();
        store.Release();
        await first.WaitAsync(Wait);
        await store.Started.WaitAsync(Wait);

        store.Fail(new IOException("disk I/O error"));
        foreach (var task in failing)
        {
            var error = await Assert.ThrowsAsync<IOException>(() => task.WaitAsync(Wait));
            Assert.Equal("disk I/O error", error.Message);
        }

        var after = groupCommit.IngestAsync(Message("gw-a", 1), CancellationToken.None);
        await store.Started.WaitAsync(Wait);
        store.Release();
        Assert.Equal(1, (await after.WaitAsync(Wait)).Accepted);
        Assert.Equal([("gw-a", 1)], store.Groups[2].Select(m => (m.DeviceId, Seq(m))));
    }

    [Fact]
    public async Task Each_devices_messages_reach_the_pipeline_once_each_in_the_order_it_sent_them()
    {
        var stored = new List<IngestMessage>();
        await using var groupCommit = new IngestGroupCommit(async (group, ct) =>
        {
            await Task.Delay(2, ct); // a commit takes time, so groups of several devices form
            lock (stored)
            {
                stored.AddRange(group);
            }

            return group.Select(_ => new IngestOutcome(IngestStatus.Accepted, 1, 0, 0, [])).ToArray();
        }, NullLogger<IngestGroupCommit>.Instance);

        // Like the broker: each connection hands over its next message only after the previous one was acknowledged.
        var devices = Enumerable.Range(0, 8).Select(d => $"gw-{d}").ToArray();
        await Task.WhenAll(devices.Select(device => Task.Run(async () =>
        {
            for (var seq = 0; seq < 50; seq++)
            {
                await groupCommit.IngestAsync(Message(device, seq), CancellationToken.None);
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(8 * 50, stored.Count);
        foreach (var device in devices)
        {
            Assert.Equal(Enumerable.Range(0, 50), stored.Where(m => m.DeviceId == device).Select(Seq));
        }
    }

    [Fact]
    public async Task A_group_is_acknowledged_only_once_its_commit_is_on_disk_while_the_next_group_is_already_stored()
    {
        var syncs = new List<TaskCompletionSource>();
        var announced = new List<int>();
        var committed = new List<IReadOnlyList<IngestMessage>>();
        var commitStarted = new SemaphoreSlim(0);
        await using var groupCommit = new IngestGroupCommit((group, ct) =>
        {
            var index = committed.Count;
            committed.Add(group);
            var sync = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            syncs.Add(sync);
            commitStarted.Release();
            var outcomes = group.Select(_ => new IngestOutcome(IngestStatus.Accepted, 1, 0, 0, [])).ToArray();
            return Task.FromResult(new CommittedBatch(outcomes, sync.Task, () => announced.Add(index)));
        }, NullLogger<IngestGroupCommit>.Instance, overlapMinRecords: 1);

        var first = groupCommit.IngestAsync(Message("gw-a", 0), CancellationToken.None);
        await commitStarted.WaitAsync(Wait);
        var second = groupCommit.IngestAsync(Message("gw-b", 0), CancellationToken.None);
        await commitStarted.WaitAsync(Wait); // the second group is stored while the first is still being synced
        await Task.Delay(100);
        Assert.False(first.IsCompleted); // committed, not yet on disk: no PUBACK
        Assert.False(second.IsCompleted);
        Assert.Empty(announced); // nor does the live feed (alert delivery) hear of it

        syncs[1].SetResult(); // the second sync ends first: its group still waits for the first, acknowledged in order
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        syncs[0].SetResult();
        Assert.Equal(1, (await first.WaitAsync(Wait)).Accepted);
        Assert.Equal(1, (await second.WaitAsync(Wait)).Accepted);
        Assert.Equal([0, 1], announced);
    }

    [Fact]
    public async Task With_fewer_records_waiting_than_the_overlap_needs_the_next_group_waits_for_the_sync_and_takes_all_that_arrived_meanwhile()
    {
        var sync = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var groups = new List<IReadOnlyList<IngestMessage>>();
        var commitStarted = new SemaphoreSlim(0);
        await using var groupCommit = new IngestGroupCommit((group, ct) =>
        {
            groups.Add(group);
            commitStarted.Release();
            var outcomes = group.Select(_ => new IngestOutcome(IngestStatus.Accepted, 1, 0, 0, [])).ToArray();
            return Task.FromResult(new CommittedBatch(outcomes, groups.Count == 1 ? sync.Task : Task.CompletedTask, announce: null));
        }, NullLogger<IngestGroupCommit>.Instance, overlapMinRecords: 3);

        var first = groupCommit.IngestAsync(Message("gw-a", 0), CancellationToken.None);
        await commitStarted.WaitAsync(Wait);
        var next = new[] { Message("gw-b", 0), Message("gw-c", 0) }.Select(m => groupCommit.IngestAsync(m, CancellationToken.None)).ToArray();
        Assert.False(await commitStarted.WaitAsync(200)); // 2 records wait; 3 would be worth a transaction during the sync
        var third = groupCommit.IngestAsync(Message("gw-d", 0), CancellationToken.None);
        Assert.False(await commitStarted.WaitAsync(200));

        sync.SetResult();
        await commitStarted.WaitAsync(Wait);
        Assert.Equal(["gw-b", "gw-c", "gw-d"], groups[1].Select(m => m.DeviceId)); // one group of all that arrived meanwhile
        await Task.WhenAll([first, third, .. next]).WaitAsync(Wait);
    }

    [Fact]
    public async Task A_failed_disk_sync_acknowledges_none_of_its_group_and_announces_nothing()
    {
        var announced = false;
        var fail = true;
        await using var groupCommit = new IngestGroupCommit((group, ct) =>
        {
            var outcomes = group.Select(_ => new IngestOutcome(IngestStatus.Accepted, 1, 0, 0, [])).ToArray();
            var sync = fail ? Task.FromException(new IOException("fsync: I/O error")) : Task.CompletedTask;
            return Task.FromResult(new CommittedBatch(outcomes, sync, () => announced = true));
        }, NullLogger<IngestGroupCommit>.Instance);

        var error = await Assert.ThrowsAsync<IOException>(() => groupCommit.IngestAsync(Message("gw-a", 0), CancellationToken.None).WaitAsync(Wait));
        Assert.Equal("fsync: I/O error", error.Message);
        Assert.False(announced);

        fail = false;
        Assert.Equal(1, (await groupCommit.IngestAsync(Message("gw-a", 0), CancellationToken.None).WaitAsync(Wait)).Accepted);
        Assert.True(announced);
    }

    private static IngestMessage Message(string device, int seq) =>
        new(device, Encoding.UTF8.GetBytes(seq.ToString(System.Globalization.CultureInfo.InvariantCulture)), DateTimeOffset.UnixEpoch);

    private static int Seq(IngestMessage message) => int.Parse(Encoding.UTF8.GetString(message.Body.Span), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A commit the test lets finish (or fail) when it wants; outcome i of a group accepts i + 1 records.</summary>
    private sealed class ControlledCommit
    {
        private TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Exception? _failure;

        public List<IReadOnlyList<IngestMessage>> Groups { get; } = [];

        public SemaphoreSlim StartedSignal { get; } = new(0);

        public Task Started => StartedSignal.WaitAsync();

        public async Task<IReadOnlyList<IngestOutcome>> CommitAsync(IReadOnlyList<IngestMessage> group, CancellationToken cancellationToken)
        {
            Groups.Add(group);
            StartedSignal.Release();
            await _finish.Task;
            _finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_failure is { } failure)
            {
                _failure = null;
                throw failure;
            }

            return group.Select((_, i) => new IngestOutcome(IngestStatus.Accepted, i + 1, 0, 0, [])).ToArray();
        }

        public void Release() => _finish.TrySetResult();

        public void Fail(Exception failure)
        {
            _failure = failure;
            _finish.TrySetResult();
        }
    }
}
