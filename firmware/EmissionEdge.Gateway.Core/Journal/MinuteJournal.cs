using EmissionEdge.Gateway.Core.Acquisition;
using EmissionEdge.Gateway.Core.Ports;

namespace EmissionEdge.Gateway.Core.Journal
{
    /// <summary>
    /// Append-only store-and-forward of minute records on an <see cref="IJournalStorage"/>, a ring of
    /// fixed 104-byte slots where record <c>seq</c> lives in slot <c>seq mod capacity</c>, after two
    /// alternating 64-byte header copies (README "Journal layout").
    /// <list type="bullet">
    /// <item>Every record carries its sequence number and a CRC-32; opening scans all slots, so a record
    /// torn by power loss is detected and skipped and nothing written before it is lost.</item>
    /// <item>Records are trimmed only by <see cref="Acknowledge"/> (on the broker's PUBACK); the acknowledged
    /// sequence and the mac chain state live in the header, written to the older copy with a higher generation.</item>
    /// <item>When full, appending overwrites the oldest unacknowledged record and counts it in <see cref="Dropped"/>;
    /// the cloud sees the gap in sequence numbers.</item>
    /// </list>
    /// 1 MiB holds 10 081 records: 7 days of minutes.
    /// </summary>
    public sealed class MinuteJournal
    {
        private const uint Magic = 0x314A4545; // "EEJ1" little-endian
        private readonly IJournalStorage _storage;
        private readonly byte[] _slot = new byte[JournalLayout.RecordSize];
        private readonly byte[] _header = new byte[JournalLayout.HeaderCopySize];
        private readonly byte[] _chainMac = new byte[32];
        private uint _generation;

        /// <summary>Opens a journal, recovering its state from the storage.</summary>
        /// <param name="storage">The storage (at least one header and one slot).</param>
        public MinuteJournal(IJournalStorage storage)
        {
            _storage = storage;
            Capacity = JournalLayout.Capacity(storage.Length);
            if (Capacity == 0)
            {
                throw new System.ArgumentException("journal storage of " + storage.Length.ToString() + " bytes is too small", "storage");
            }

            Recover();
        }

        /// <summary>Number of record slots.</summary>
        public int Capacity { get; }

        /// <summary>The sequence number the next appended record gets (starts at 1, never reused).</summary>
        public uint NextSequence { get; private set; }

        /// <summary>Highest sequence number the broker acknowledged (0 = none).</summary>
        public uint AcknowledgedSequence { get; private set; }

        /// <summary>Unacknowledged records overwritten because the journal was full, since the journal was created.</summary>
        public uint Dropped { get; private set; }

        /// <summary>Slots found torn or corrupt in the unacknowledged range when the journal was opened.</summary>
        public int CorruptRecordsSkipped { get; private set; }

        /// <summary>Sequence number whose mac <see cref="CopyChainMac"/> returns (0 = chain not started).</summary>
        public uint ChainSequence { get; private set; }

        /// <summary>The oldest sequence number still stored and not acknowledged.</summary>
        public uint OldestUnacknowledged
        {
            get
            {
                uint first = AcknowledgedSequence + 1;
                if (NextSequence > (uint)Capacity && NextSequence - (uint)Capacity > first)
                {
                    first = NextSequence - (uint)Capacity;
                }

                return first;
            }
        }

        /// <summary>Number of records waiting for acknowledgement (including corrupt slots in that range).</summary>
        public int PendingCount => (int)(NextSequence - OldestUnacknowledged);

        /// <summary>Copies the mac of record <see cref="ChainSequence"/>.</summary>
        /// <param name="destination">32 bytes.</param>
        /// <param name="offset">Where they go.</param>
        public void CopyChainMac(byte[] destination, int offset) => System.Array.Copy(_chainMac, 0, destination, offset, 32);

        /// <summary>Appends a record, assigning it the next sequence number.</summary>
        /// <param name="record">The record; its <see cref="MinuteRecord.Sequence"/> is set.</param>
        /// <returns>The sequence number.</returns>
        /// <exception cref="System.ArgumentException">The record has more channels than a slot holds.</exception>
        public uint Append(MinuteRecord record)
        {
            uint seq = NextSequence;
            record.Sequence = seq;
            if (!JournalRecordCodec.Encode(record, _slot, 0))
            {
                throw new System.ArgumentException("a journal record holds at most " + JournalLayout.MaxChannels.ToString() + " channels", "record");
            }

            bool overwritesPending = seq > (uint)Capacity && seq - (uint)Capacity > AcknowledgedSequence;
            _storage.Write(SlotPosition(seq), _slot, 0, JournalLayout.RecordSize);
            NextSequence = seq + 1;
            if (overwritesPending)
            {
                Dropped++;
                WriteHeader();
            }

            return seq;
        }

        /// <summary>Reads a stored record.</summary>
        /// <param name="seq">Its sequence number.</param>
        /// <param name="record">Destination.</param>
        /// <returns><see langword="false"/> when the record is no longer (or never was) stored intact.</returns>
        public bool TryRead(uint seq, MinuteRecord record)
        {
            if (seq == 0 || seq >= NextSequence || (NextSequence > (uint)Capacity && seq < NextSequence - (uint)Capacity))
            {
                return false;
            }

            _storage.Read(SlotPosition(seq), _slot, 0, JournalLayout.RecordSize);
            if (!JournalRecordCodec.IsIntact(_slot, 0) || JournalRecordCodec.SequenceOf(_slot, 0) != seq)
            {
                return false;
            }

            JournalRecordCodec.Decode(_slot, 0, record);
            return true;
        }

        /// <summary>
        /// Reads up to <paramref name="max"/> unacknowledged records after <paramref name="afterSeq"/>,
        /// oldest first, skipping slots that are not intact.
        /// </summary>
        /// <param name="afterSeq">Start after this sequence (use 0 or <see cref="AcknowledgedSequence"/> to start at the oldest).</param>
        /// <param name="records">Preallocated destination records.</param>
        /// <param name="max">Most records to read (≤ records.Length).</param>
        /// <returns>The number read.</returns>
        public int ReadPending(uint afterSeq, MinuteRecord[] records, int max)
        {
            uint seq = afterSeq + 1;
            if (seq < OldestUnacknowledged)
            {
                seq = OldestUnacknowledged;
            }

            int count = 0;
            while (count < max && seq < NextSequence)
            {
                if (TryRead(seq, records[count]))
                {
                    count++;
                }

                seq++;
            }

            return count;
        }

        /// <summary>
        /// Trims every record up to <paramref name="seq"/>: the broker acknowledged it. Records the mac of
        /// that record so the chain continues across restarts.
        /// </summary>
        /// <param name="seq">Highest acknowledged sequence number.</param>
        /// <param name="mac">The mac sent with record <paramref name="seq"/>, or <see langword="null"/> when macs are off.</param>
        public void Acknowledge(uint seq, byte[]? mac)
        {
            if (seq <= AcknowledgedSequence || seq >= NextSequence)
            {
                return;
            }

            AcknowledgedSequence = seq;
            if (mac != null)
            {
                System.Array.Copy(mac, 0, _chainMac, 0, 32);
                ChainSequence = seq;
            }

            WriteHeader();
        }

        private int SlotPosition(uint seq) => JournalLayout.HeaderSize + ((int)(seq % (uint)Capacity) * JournalLayout.RecordSize);

        private void Recover()
        {
            // Header: the intact copy with the higher generation.
            bool found = false;
            for (int copy = 0; copy < 2; copy++)
            {
                _storage.Read(copy * JournalLayout.HeaderCopySize, _header, 0, JournalLayout.HeaderCopySize);
                if (LittleEndian.ReadUInt32(_header, 0) != Magic || LittleEndian.ReadUInt32(_header, 60) != Crc32.Compute(_header, 0, 60) ||
                    LittleEndian.ReadUInt32(_header, 56) != (uint)Capacity)
                {
                    continue;
                }

                uint generation = LittleEndian.ReadUInt32(_header, 4);
                if (found && generation <= _generation)
                {
                    continue;
                }

                found = true;
                _generation = generation;
                AcknowledgedSequence = LittleEndian.ReadUInt32(_header, 8);
                Dropped = LittleEndian.ReadUInt32(_header, 12);
                ChainSequence = LittleEndian.ReadUInt32(_header, 16);
                System.Array.Copy(_header, 20, _chainMac, 0, 32);
            }

            // Records: the highest intact sequence number in its own slot.
            uint highest = 0;
            for (int i = 0; i < Capacity; i++)
            {
                _storage.Read(JournalLayout.HeaderSize + (i * JournalLayout.RecordSize), _slot, 0, JournalLayout.RecordSize);
                if (!JournalRecordCodec.IsIntact(_slot, 0))
                {
                    continue;
                }

                uint seq = JournalRecordCodec.SequenceOf(_slot, 0);
                if (seq != 0 && seq % (uint)Capacity == (uint)i && seq > highest)
                {
                    highest = seq;
                }
            }

            NextSequence = (highest > AcknowledgedSequence ? highest : AcknowledgedSequence) + 1;
            CorruptRecordsSkipped = 0;
            for (uint seq = OldestUnacknowledged; seq < NextSequence; seq++)
            {
                _storage.Read(SlotPosition(seq), _slot, 0, JournalLayout.RecordSize);
                if (!JournalRecordCodec.IsIntact(_slot, 0) || JournalRecordCodec.SequenceOf(_slot, 0) != seq)
                {
                    CorruptRecordsSkipped++;
                }
            }
        }

        private void WriteHeader()
        {
            _generation++;
            for (int i = 0; i < _header.Length; i++)
            {
                _header[i] = 0;
            }

            LittleEndian.WriteUInt32(_header, 0, Magic);
            LittleEndian.WriteUInt32(_header, 4, _generation);
            LittleEndian.WriteUInt32(_header, 8, AcknowledgedSequence);
            LittleEndian.WriteUInt32(_header, 12, Dropped);
            LittleEndian.WriteUInt32(_header, 16, ChainSequence);
            System.Array.Copy(_chainMac, 0, _header, 20, 32);
            LittleEndian.WriteUInt16(_header, 52, JournalLayout.RecordSize);
            LittleEndian.WriteUInt32(_header, 56, (uint)Capacity);
            LittleEndian.WriteUInt32(_header, 60, Crc32.Compute(_header, 0, 60));
            _storage.Write((int)(_generation % 2) * JournalLayout.HeaderCopySize, _header, 0, JournalLayout.HeaderCopySize);
        }
    }
}
