using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Journal;
using EmissionEdge.Gateway.Host.Storage;

namespace EmissionEdge.Gateway.Host.Tests;

public sealed class FileJournalStorageTests : IDisposable
{
    private const int Size = JournalLayout.HeaderSize + (20 * JournalLayout.RecordSize);
    private readonly string _directory = Directory.CreateTempSubdirectory("ee-journal-").FullName;

    private string JournalPath => Path.Combine(_directory, "gw.journal");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static MinuteRecord Minute(uint minute, double so2)
    {
        var record = new MinuteRecord { Minute = minute };
        record.Set(0, so2, so2 - 1, so2 + 1, 12, 'N');
        return record;
    }

    [Fact]
    public void Records_sequence_numbers_and_acknowledgements_survive_a_restart()
    {
        var mac = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        using (var storage = new FileJournalStorage(JournalPath, Size))
        {
            var journal = new MinuteJournal(storage);
            for (uint m = 0; m < 5; m++)
            {
                journal.Append(Minute(14_000_000 + m, 20 + m));
            }

            journal.Acknowledge(2, mac);
        }

        Assert.Equal(Size, new FileInfo(JournalPath).Length);
        using (var storage = new FileJournalStorage(JournalPath, Size))
        {
            var reopened = new MinuteJournal(storage);
            Assert.Equal((6u, 2u, 3), (reopened.NextSequence, reopened.AcknowledgedSequence, reopened.PendingCount));
            var record = new MinuteRecord();
            Assert.True(reopened.TryRead(5, record));
            Assert.Equal((14_000_004u, 24.0, 12, 'N'), (record.Minute, record.Average(0), record.Samples(0), record.Flag(0)));
            var chain = new byte[32];
            reopened.CopyChainMac(chain, 0);
            Assert.Equal(2u, reopened.ChainSequence);
            Assert.Equal(mac, chain);

            // Numbering goes on where it stopped: seq is never reused.
            Assert.Equal(6u, reopened.Append(Minute(14_000_005, 30)));
        }
    }

    [Fact]
    public void The_journal_file_is_opened_by_one_gateway_only()
    {
        using var first = new FileJournalStorage(JournalPath, Size);
        Assert.ThrowsAny<IOException>(() => new FileJournalStorage(JournalPath, Size));
    }
}
