package io.freshet.storage.log;

import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A range of a segment file holding record batches that have already been CRC-checked, handed to the network
 * layer to send with sendfile (zero-copy) instead of being read into memory. May end with a partial batch, as
 * Kafka's fetch responses may; clients skip it.
 *
 * <p>The channel belongs to the segment, and the store's budget of open files may close it while nobody uses it
 * ({@link SegmentFile}). So whoever sends the slice takes a {@link Lease} for as long as it uses the channel (the
 * network layer: until the send is done) and closes the lease exactly once; the channel stays open meanwhile, and a
 * slice whose channel was closed since the read reopens it. {@link #readIntoMemory} and {@link #nextOffset} take
 * their own lease. A segment deleted before or while a slice is sent stays readable for
 * {@code file.delete.delay.ms}; after that its channel is closed, leases or not (so a lease that is never closed
 * keeps no file open for longer).
 */
public final class SegmentSlice implements BaseRecords {

    /** Batch header v2: base offset (8), length (4), leader epoch (4), magic (1), crc (4), attributes (2), then it. */
    private static final int LAST_OFFSET_DELTA_POSITION = 23;
    private static final int HEADER_THROUGH_LAST_OFFSET_DELTA = LAST_OFFSET_DELTA_POSITION + 4;

    private final SegmentFile file;
    private final long position;
    private final int size;

    SegmentSlice(SegmentFile file, long position, int size) {
        this.file = file;
        this.position = position;
        this.size = size;
    }

    /**
     * Keeps the segment's channel open until {@link Lease#close}; call it once the bytes are sent (or the send
     * failed). Never close the channel itself: it is the segment's.
     *
     * @throws java.nio.channels.ClosedChannelException when the segment was closed or its files deleted
     */
    public Lease lease() throws IOException {
        return new Lease(file, file.acquire().channel());
    }

    /**
     * Whether holding a {@link #lease} for a long while (a send) keeps the store within its budget of open segment
     * files: the channel is open now, or the budget has room to reopen it. When not, copy the bytes instead (a
     * lease held only for the read): a fetch of thousands of cold partitions must not hold thousands of files open
     * until its response is written.
     */
    public boolean leaseFitsBudget() {
        return file.leaseFitsBudget();
    }

    /** The segment's channel, open until {@link #close} (which may be called more than once; it counts once). */
    public static final class Lease implements AutoCloseable {

        private final SegmentFile file;
        private final FileChannel channel;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(SegmentFile file, FileChannel channel) {
            this.file = file;
            this.channel = channel;
        }

        public FileChannel channel() {
            return channel;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                file.release();
            }
        }
    }

    public long position() {
        return position;
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    /** The bytes, read into memory: for tools and tests; the broker sends them with sendfile. */
    public MemoryRecords readIntoMemory() throws IOException {
        FileChannel channel = file.acquire().channel();
        try {
            return read(channel);
        } finally {
            file.release();
        }
    }

    private MemoryRecords read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("segment ended at " + at);
            }
            at += n;
        }
        return MemoryRecords.readableRecords(buffer.flip());
    }

    /**
     * The offset after the last whole batch in the slice ({@code fallback} when it holds none): reads each batch's
     * base offset, length and last offset delta from its header, one small positional read per batch.
     */
    public long nextOffset(long fallback) throws IOException {
        FileChannel channel = file.acquire().channel();
        try {
            return nextOffset(channel, fallback);
        } finally {
            file.release();
        }
    }

    private long nextOffset(FileChannel channel, long fallback) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_THROUGH_LAST_OFFSET_DELTA);
        long at = position;
        long end = position + size;
        long next = fallback;
        while (at + HEADER_THROUGH_LAST_OFFSET_DELTA <= end) {
            header.clear();
            while (header.hasRemaining()) {
                if (channel.read(header, at + header.position()) < 0) {
                    return next;
                }
            }
            long baseOffset = header.getLong(0);
            int length = header.getInt(8);
            if (at + 12 + length > end) {
                break; // a partial last batch: the client drops it, so it does not count
            }
            next = baseOffset + header.getInt(LAST_OFFSET_DELTA_POSITION) + 1;
            at += 12 + length;
        }
        return next;
    }

    /** Not used: kafka-clients' own network layer is not Freshet's; see the broker's response encoder. */
    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException("a SegmentSlice is sent by Freshet's network layer");
    }
}
