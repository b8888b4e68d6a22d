package io.freshet.broker.network;

import io.freshet.storage.log.SegmentSlice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.apache.kafka.common.record.internal.BaseRecords;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The broker's response writer ({@link PartedFrameWriter}): a {@link SegmentSlice} of records becomes a
 * {@link SegmentFileRegion}, so that fetched data goes from the page cache to the socket with sendfile instead of
 * being copied through the heap.
 *
 * <p>TLS: a file region cannot go through the {@code SslHandler} (the bytes must be encrypted in the JVM), so a
 * writer for a TLS connection ({@code zeroCopy = false}) reads the slice through the segment's channel into a
 * pooled buffer instead. Plain connections keep sendfile, except for a slice whose segment file the open-file
 * budget has closed while the budget is full: it is copied too, so that a response over thousands of cold
 * partitions does not hold thousands of files open until it is written.
 */
final class FrameWriter extends PartedFrameWriter {

    private final boolean zeroCopy;

    FrameWriter(ByteBufAllocator alloc, int initialCapacity, boolean zeroCopy) {
        super(alloc, initialCapacity);
        this.zeroCopy = zeroCopy;
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof SegmentSlice slice) {
            if (slice.sizeInBytes() == 0) {
                return;
            }
            // a closed segment file with the open-file budget full: copied, not held open until the frame is sent
            addPart(zeroCopy && slice.leaseFitsBudget() ? region(slice) : copy(slice));
        } else {
            super.writeRecords(records);
        }
    }

    /** A file region holding the slice's lease until Netty releases it. */
    private static SegmentFileRegion region(SegmentSlice slice) {
        SegmentSlice.Lease lease;
        try {
            lease = slice.lease();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new SegmentFileRegion(lease, slice.position(), slice.sizeInBytes());
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The slice's bytes in a pooled buffer, read with positional reads (the segment's channel is shared). */
    private ByteBuf copy(SegmentSlice slice) {
        int size = slice.sizeInBytes();
        ByteBuf buf = alloc().directBuffer(size, size);
        try (SegmentSlice.Lease lease = slice.lease()) {
            long position = slice.position();
            while (buf.isWritable()) {
                int read = buf.writeBytes(lease.channel(), position, buf.writableBytes());
                if (read < 0) {
                    throw new IOException("segment ended " + buf.writableBytes() + " bytes before the fetched slice");
                }
                position += read;
            }
            return buf;
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }
}
