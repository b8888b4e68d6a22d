package io.freshet.storage.producer;

import io.freshet.storage.file.AtomicFile;
import io.freshet.storage.file.StorageIo;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.zip.CRC32C;

/**
 * Idempotent-producer state of one partition: for each producer id, its epoch and the last five batches it wrote,
 * so that a retried batch is recognised (and answered with its original offsets) and a gap or reordering is
 * refused with OUT_OF_ORDER_SEQUENCE_NUMBER. Also the partition's transactions: those open (a producer's first
 * transactional batch here, until its COMMIT or ABORT marker), which hold back the last stable offset, and those
 * aborted, which read_committed consumers must skip.
 *
 * <p>Threading: owned by the partition's writer (called under the log's lock); the aborted transactions are also
 * read by fetches, without the lock.
 *
 * <p>Snapshot file layout ({@code producer-state}), written at segment roll and clean shutdown so that a restart
 * replays only the batches after it:
 * <pre>
 * magic int32 0x46525053 ("FRPS"), version int16 2, offset int64 (state covers batches below it), count int32,
 * count x { producerId int64, epoch int16, batches int8, batches x { firstSeq int32, lastSeq int32,
 * firstOffset int64, lastOffset int64 } },
 * open int32, open x { producerId int64, firstOffset int64 },
 * aborted int32, aborted x { producerId int64, firstOffset int64, lastOffset int64 },
 * crc int32 (CRC-32C of everything before it)
 * </pre>
 * Version 1 (no transactions) is still read.
 */
public final class ProducerStateTable {

    public static final String SNAPSHOT_FILE = "producer-state";
    private static final int MAGIC = 0x46525053;
    private static final short VERSION = 2;
    /** Kafka keeps five: a producer has at most five requests in flight per partition. */
    static final int RETAINED_BATCHES = 5;

    private final Map<Long, Entry> producers = new HashMap<>();
    /** Open transactions: producer id -> offset of its first transactional batch on this partition. */
    private final Map<Long, Long> openTransactions = new HashMap<>();
    /** Aborted transactions by the offset of their ABORT marker. */
    private final ConcurrentSkipListMap<Long, AbortedTransaction> aborted = new ConcurrentSkipListMap<>();

    /** A transaction that was aborted: read_committed consumers drop its producer's batches in [first, last]. */
    public record AbortedTransaction(long producerId, long firstOffset, long lastOffset) {
    }

    /** A batch a producer wrote: its sequence range and where it landed. */
    public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset) {
    }

    private static final class Entry {
        short epoch;
        final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>(RETAINED_BATCHES);

        Entry(short epoch) {
            this.epoch = epoch;
        }
    }

    /**
     * Checks a batch about to be appended. Returns the original batch when this one is a retry of it; throws when
     * its epoch is stale or its sequence does not follow the producer's last one.
     */
    public Optional<BatchMetadata> check(long producerId, short epoch, int firstSeq, int lastSeq) {
        Entry entry = producers.get(producerId);
        if (entry == null) {
            // Unknown producer (new, or its state was removed with old segments): accept, as Kafka does.
            return Optional.empty();
        }
        if (epoch < entry.epoch) {
            throw new InvalidProducerEpochException("Producer " + producerId + " epoch " + epoch
                + " is older than the current epoch " + entry.epoch);
        }
        if (epoch > entry.epoch) {
            if (firstSeq != 0) {
                throw new OutOfOrderSequenceException("Producer " + producerId + " new epoch " + epoch
                    + " must start at sequence 0, not " + firstSeq);
            }
            return Optional.empty();
        }
        for (BatchMetadata batch : entry.batches) {
            if (batch.firstSeq() == firstSeq && batch.lastSeq() == lastSeq) {
                return Optional.of(batch);
            }
        }
        BatchMetadata last = entry.batches.peekLast();
        if (last != null && !follows(last.lastSeq(), firstSeq)) {
            throw new OutOfOrderSequenceException("Producer " + producerId + " sent sequence " + firstSeq
                + " but the last one written was " + last.lastSeq());
        }
        return Optional.empty();
    }

    private static boolean follows(int lastSeq, int nextSeq) {
        return nextSeq == (lastSeq == Integer.MAX_VALUE ? 0 : lastSeq + 1);
    }

    /**
     * Records a batch now in the log, with its offsets assigned (also used to replay the log after a restart):
     * its sequence numbers, and whether it opens or ends a transaction.
     */
    public void onBatch(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return;
        }
        if (batch.isControlBatch()) {
            onMarker(batch);
            return;
        }
        onAppend(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
            batch.baseOffset(), batch.lastOffset());
        if (batch.isTransactional()) {
            openTransactions.putIfAbsent(batch.producerId(), batch.baseOffset());
        }
    }

    private void onMarker(RecordBatch batch) {
        Iterator<Record> records = batch.iterator();
        if (!records.hasNext()) {
            return;
        }
        ControlRecordType type = ControlRecordType.parse(records.next().key());
        Entry entry = producers.computeIfAbsent(batch.producerId(), id -> new Entry(batch.producerEpoch()));
        if (batch.producerEpoch() > entry.epoch) {
            entry.epoch = batch.producerEpoch(); // a fenced transaction is aborted with the bumped epoch
            entry.batches.clear();
        }
        Long first = openTransactions.remove(batch.producerId());
        if (type == ControlRecordType.ABORT && first != null) {
            aborted.put(batch.baseOffset(), new AbortedTransaction(batch.producerId(), first, batch.baseOffset()));
        }
    }

    /** The first offset of the oldest open transaction, or {@code logEnd} when none is open. */
    public long firstUnstableOffset(long logEnd) {
        long first = logEnd;
        for (long offset : openTransactions.values()) {
            first = Math.min(first, offset);
        }
        return first;
    }

    /** Is this producer's transaction open on this partition? */
    public boolean hasOpenTransaction(long producerId) {
        return openTransactions.containsKey(producerId);
    }

    /** Open transactions: producer id -> first offset (a copy). */
    public Map<Long, Long> openTransactions() {
        return Map.copyOf(openTransactions);
    }

    /** The current epoch of a producer, if it wrote here. */
    public Optional<Short> epochOf(long producerId) {
        Entry entry = producers.get(producerId);
        return entry == null ? Optional.empty() : Optional.of(entry.epoch);
    }

    /** The last sequence number written by a producer, or -1. */
    public int lastSequenceOf(long producerId) {
        Entry entry = producers.get(producerId);
        return entry == null || entry.batches.isEmpty() ? -1 : entry.batches.peekLast().lastSeq();
    }

    /** Every producer id with state here. */
    public java.util.Set<Long> producerIds() {
        return java.util.Set.copyOf(producers.keySet());
    }

    /**
     * The aborted transactions whose data overlaps offsets [from, to): what a read_committed fetch of that range
     * must be told about. Safe without the lock.
     */
    public List<AbortedTransaction> abortedOverlapping(long from, long to) {
        List<AbortedTransaction> out = new ArrayList<>();
        for (AbortedTransaction txn : aborted.tailMap(from, true).values()) {
            if (txn.firstOffset() < to) {
                out.add(txn);
            }
        }
        return out;
    }

    /** Forgets aborted transactions wholly below the log start offset (their data is gone). */
    public void dropAbortedBefore(long logStartOffset) {
        aborted.headMap(logStartOffset, false).clear();
    }

    /** Records a batch now in the log (also used to replay the log after a restart). */
    public void onAppend(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset) {
        if (producerId == RecordBatch.NO_PRODUCER_ID || firstSeq == RecordBatch.NO_SEQUENCE) {
            return;
        }
        Entry entry = producers.computeIfAbsent(producerId, id -> new Entry(epoch));
        if (epoch != entry.epoch) {
            entry.epoch = epoch;
            entry.batches.clear();
        }
        if (entry.batches.size() == RETAINED_BATCHES) {
            entry.batches.removeFirst();
        }
        entry.batches.addLast(new BatchMetadata(firstSeq, lastSeq, firstOffset, lastOffset));
    }

    /**
     * The state as snapshot bytes, covering every batch below {@code offset}. Taken under the log's lock; written
     * later, off the append path, by {@link #writeSnapshotBytes}.
     */
    public byte[] snapshotBytes(long offset) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeLong(offset);
            out.writeInt(producers.size());
            for (Map.Entry<Long, Entry> e : producers.entrySet()) {
                out.writeLong(e.getKey());
                out.writeShort(e.getValue().epoch);
                out.writeByte(e.getValue().batches.size());
                for (BatchMetadata b : e.getValue().batches) {
                    out.writeInt(b.firstSeq());
                    out.writeInt(b.lastSeq());
                    out.writeLong(b.firstOffset());
                    out.writeLong(b.lastOffset());
                }
            }
            out.writeInt(openTransactions.size());
            for (Map.Entry<Long, Long> open : openTransactions.entrySet()) {
                out.writeLong(open.getKey());
                out.writeLong(open.getValue());
            }
            out.writeInt(aborted.size());
            for (AbortedTransaction txn : aborted.values()) {
                out.writeLong(txn.producerId());
                out.writeLong(txn.firstOffset());
                out.writeLong(txn.lastOffset());
            }
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    /** Writes snapshot bytes atomically (temporary file, fsync, rename). */
    public static void writeSnapshotBytes(StorageIo io, Path dir, byte[] snapshot) throws IOException {
        new AtomicFile(io).write(dir.resolve(SNAPSHOT_FILE), ByteBuffer.wrap(snapshot));
    }

    /**
     * Loads the snapshot in {@code dir} into this (empty) table and returns the offset it covers, or -1 when there
     * is none or it is damaged (then the caller replays the whole log).
     */
    public long loadSnapshot(Path dir) {
        Path file = dir.resolve(SNAPSHOT_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                return -1;
            }
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
            if (buf.remaining() < 4 + 2 + 8 + 4 + 4) {
                return -1;
            }
            CRC32C crc = new CRC32C();
            crc.update(buf.array(), 0, buf.limit() - 4);
            if ((int) crc.getValue() != buf.getInt(buf.limit() - 4) || buf.getInt() != MAGIC) {
                return -1;
            }
            short version = buf.getShort();
            if (version != 1 && version != VERSION) {
                return -1;
            }
            long offset = buf.getLong();
            int count = buf.getInt();
            for (int i = 0; i < count; i++) {
                long producerId = buf.getLong();
                short epoch = buf.getShort();
                int batches = buf.get();
                for (int b = 0; b < batches; b++) {
                    onAppend(producerId, epoch, buf.getInt(), buf.getInt(), buf.getLong(), buf.getLong());
                }
                producers.computeIfAbsent(producerId, id -> new Entry(epoch));
            }
            if (version >= 2) {
                int open = buf.getInt();
                for (int i = 0; i < open; i++) {
                    openTransactions.put(buf.getLong(), buf.getLong());
                }
                int abortedCount = buf.getInt();
                for (int i = 0; i < abortedCount; i++) {
                    AbortedTransaction txn = new AbortedTransaction(buf.getLong(), buf.getLong(), buf.getLong());
                    aborted.put(txn.lastOffset(), txn);
                }
            }
            return offset;
        } catch (IOException | RuntimeException e) {
            producers.clear();
            openTransactions.clear();
            aborted.clear();
            return -1;
        }
    }

}
