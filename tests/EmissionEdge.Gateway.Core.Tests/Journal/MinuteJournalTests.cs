using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Core.Tests.Support;

namespace EmissionEdge.Gateway.Core.Tests.Journal;

public sealed class MinuteJournalTests
{
    private static MinuteRecord Record(uint minute, double so2)
    {
        var r = new MinuteRecord { Minute = minute };
        r.Set(0, so2, so2 - 1, so2 + 1, 12, 'N');
        r.Set(5, 8.3, 8.1, 8.52, 12, 'N');
        r.SetWithoutValue(4, 'B');
        return r;
    }

    [Fact]
    public void One_mebibyte_holds_seven_days_of_minute_records()
    {
        Assert.Equal(104, JournalLayout.RecordSize);
        Assert.True(JournalLayout.Capacity(1024 * 1024) >= 10080);
        Assert.True(JournalLayout.HeaderSize + (10080 * JournalLayout.RecordSize) <= 1024 * 1024);
    }

    [Fact]
    public void Records_round_trip_through_the_104_byte_layout()
    {
        var r = new MinuteRecord { Minute = 14_000_000, Sequence = 77 };
        for (int c = 0; c < 7; c++)
        {
            r.Set(c, 10.5 + c, 9.25 + c, 12.125 + c, 12 + c, "NTNNNTN"[c]);
        }

        r.SetWithoutValue(12, 'D');
        var slot = new byte[JournalLayout.RecordSize];
        Assert.True(JournalRecordCodec.Encode(r, slot, 0));
        Assert.True(JournalRecordCodec.IsIntact(slot, 0));
        var back = new MinuteRecord();
        JournalRecordCodec.Decode(slot, 0, back);
        Assert.Equal((77u, 14_000_000u, r.ChannelMask), (back.Sequence, back.Minute, back.ChannelMask));
        for (int c = 0; c < 7; c++)
        {
            Assert.Equal((r.Average(c), r.Minimum(c), r.Maximum(c), r.Samples(c), r.Flag(c)), (back.Average(c), back.Minimum(c), back.Maximum(c), back.Samples(c), back.Flag(c)));
        }

        Assert.Equal(('D', false), (back.Flag(12), back.HasValue(12)));
        slot[50] ^= 1;
        Assert.False(JournalRecordCodec.IsIntact(slot, 0));
    }

    [Fact]
    public void Average_is_kept_as_float32_and_min_max_to_one_part_in_65536()
    {
        var r = new MinuteRecord();
        r.Set(0, 18.62, 17.9, 19.41, 12, 'N');
        var slot = new byte[JournalLayout.RecordSize];
        JournalRecordCodec.Encode(r, slot, 0);
        var back = new MinuteRecord();
        JournalRecordCodec.Decode(slot, 0, back);
        Assert.Equal((double)18.62f, back.Average(0));
        Assert.InRange(Math.Abs(back.Minimum(0) - 17.9) / 17.9, 0, 1.0 / 65536);
        Assert.InRange(Math.Abs(back.Maximum(0) - 19.41) / 19.41, 0, 1.0 / 65536);
    }

    [Fact]
    public void Nine_channels_do_not_fit_a_record()
    {
        var r = new MinuteRecord();
        for (int c = 0; c < 9; c++)
        {
            r.Set(c, 1, 1, 1, 12, 'N');
        }

        var journal = new MinuteJournal(new MemoryStorage(4096));
        Assert.Throws<ArgumentException>(() => journal.Append(r));
    }

    [Fact]
    public void Sequence_numbers_start_at_1_and_survive_reopening()
    {
        var storage = new MemoryStorage(JournalLayout.HeaderSize + (50 * JournalLayout.RecordSize));
        var journal = new MinuteJournal(storage);
        Assert.Equal(1u, journal.Append(Record(1, 10)));
        Assert.Equal(2u, journal.Append(Record(2, 11)));
        var reopened = new MinuteJournal(storage);
        Assert.Equal(3u, reopened.NextSequence);
        Assert.Equal(2, reopened.PendingCount);
        var r = new MinuteRecord();
        Assert.True(reopened.TryRead(2, r));
        Assert.Equal((2u, 11.0), (r.Minute, r.Average(0)));
    }

    [Fact]
    public void A_record_torn_by_power_loss_is_skipped_and_nothing_before_it_is_lost()
    {
        var storage = new MemoryStorage(JournalLayout.HeaderSize + (50 * JournalLayout.RecordSize));
        var journal = new MinuteJournal(storage);
        for (uint m = 1; m <= 5; m++)
        {
            journal.Append(Record(m, m));
        }

        storage.TearNextWriteAfter = 40;
        Assert.Throws<IOException>(() => journal.Append(Record(6, 6)));

        var reopened = new MinuteJournal(storage);
        Assert.Equal(6u, reopened.NextSequence); // the torn seq 6 was never valid, so it is reused
        var batch = Enumerable.Range(0, 10).Select(_ => new MinuteRecord()).ToArray();
        int n = reopened.ReadPending(0, batch, 10);
        Assert.Equal(new uint[] { 1, 2, 3, 4, 5 }, batch[..n].Select(r => r.Sequence));
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5 }, batch[..n].Select(r => r.Average(0)));
    }

    [Fact]
    public void A_corrupted_record_in_the_middle_is_skipped_on_replay_and_counted()
    {
        var storage = new MemoryStorage(JournalLayout.HeaderSize + (50 * JournalLayout.RecordSize));
        var journal = new MinuteJournal(storage);
        for (uint m = 1; m <= 4; m++)
        {
            journal.Append(Record(m, m));
        }

        storage.Bytes[JournalLayout.HeaderSize + (2 * JournalLayout.RecordSize) + 20] ^= 0xFF; // seq 2
        var reopened = new MinuteJournal(storage);
        Assert.Equal(1, reopened.CorruptRecordsSkipped);
        var batch = Enumerable.Range(0, 10).Select(_ => new MinuteRecord()).ToArray();
        Assert.Equal(new uint[] { 1, 3, 4 }, batch[..reopened.ReadPending(0, batch, 10)].Select(r => r.Sequence));
    }

    [Fact]
    public void Acknowledge_trims_and_replay_resumes_oldest_first_in_batches_after_restart()
    {
        var storage = new MemoryStorage(JournalLayout.HeaderSize + (50 * JournalLayout.RecordSize));
        var journal = new MinuteJournal(storage);
        for (uint m = 1; m <= 10; m++)
        {
            journal.Append(Record(m, m));
        }

        var mac = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        journal.Acknowledge(4, mac);
        var reopened = new MinuteJournal(storage);
        Assert.Equal((4u, 6, 4u), (reopened.AcknowledgedSequence, reopened.PendingCount, reopened.ChainSequence));
        var storedMac = new byte[32];
        reopened.CopyChainMac(storedMac, 0);
        Assert.Equal(mac, storedMac);
        var batch = Enumerable.Range(0, 4).Select(_ => new MinuteRecord()).ToArray();
        Assert.Equal(new uint[] { 5, 6, 7, 8 }, batch[..reopened.ReadPending(reopened.AcknowledgedSequence, batch, 4)].Select(r => r.Sequence));
        Assert.Equal(new uint[] { 9, 10 }, batch[..reopened.ReadPending(8, batch, 4)].Select(r => r.Sequence));
    }

    [Fact]
    public void A_torn_header_write_falls_back_to_the_other_copy()
    {
        var storage = new MemoryStorage(JournalLayout.HeaderSize + (50 * JournalLayout.RecordSize));
        var journal = new MinuteJournal(storage);
        for (uint m = 1; m <= 6; m++)
        {
            journal.Append(Record(m, m));
        }

        journal.Acknowledge(2, null);
        storage.TearNextWriteAfter = 10;
        Assert.Throws<IOException>(() => journal.Acknowledge(5, null));
        var reopened = new MinuteJournal(storage);
        Assert.Equal(2u, reopened.AcknowledgedSequence); // records 3–6 are sent again: duplicates, never losses
        Assert.Equal(4, reopened.PendingCount);
    }

    [Fact]
    public void When_full_the_oldest_unacknowledged_records_are_dropped_and_counted()
    {
        var storage = new MemoryStorage(JournalLayout.HeaderSize + (10 * JournalLayout.RecordSize));
        var journal = new MinuteJournal(storage);
        for (uint m = 1; m <= 13; m++)
        {
            journal.Append(Record(m, m));
        }

        Assert.Equal((3u, 10, 4u), (journal.Dropped, journal.PendingCount, journal.OldestUnacknowledged));
        var reopened = new MinuteJournal(storage);
        Assert.Equal((3u, 14u), (reopened.Dropped, reopened.NextSequence));
        var r = new MinuteRecord();
        Assert.False(reopened.TryRead(3, r));
        Assert.True(reopened.TryRead(4, r));
    }

    [Fact]
    public void Acknowledged_records_are_overwritten_without_counting_a_drop()
    {
        var storage = new MemoryStorage(JournalLayout.HeaderSize + (10 * JournalLayout.RecordSize));
        var journal = new MinuteJournal(storage);
        for (uint m = 1; m <= 10; m++)
        {
            journal.Append(Record(m, m));
        }

        journal.Acknowledge(10, null);
        for (uint m = 11; m <= 25; m++)
        {
            journal.Append(Record(m, m));
            journal.Acknowledge(m, null);
        }

        Assert.Equal(0u, journal.Dropped);
        Assert.Equal(26u, new MinuteJournal(storage).NextSequence);
    }
}
