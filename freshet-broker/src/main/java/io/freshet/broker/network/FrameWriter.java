package io.freshet.broker.network;

import io.freshet.storage.log.SegmentSlice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.utils.internals.ByteUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Writable} that kafka-clients' generated message classes write a response into: bytes go into Netty
 * buffers, and a {@link SegmentSlice} of records becomes a {@link SegmentFileRegion}, so that fetched data goes
 * from the page cache to the socket with sendfile instead of being copied through the heap. The result is the
 * ordered list of parts of one frame.
 *
 * <p>Only the byte layout of primitives is written here; what to write, and in which order, is the generated
 * message code's.
 *
 * <p>TLS: a file region cannot go through the {@code SslHandler} (the bytes must be encrypted in the JVM), so a
 * writer for a TLS connection ({@code zeroCopy = false}) reads the slice through the segment's channel into a
 * pooled buffer instead. Plain connections keep sendfile, except for a slice whose segment file the open-file
 * budget has closed while the budget is full: it is copied too, so that a response over thousands of cold
 * partitions does not hold thousands of files open until it is written.
 */
final class FrameWriter implements Writable {

    private final ByteBufAllocator alloc;
    private final boolean zeroCopy;
    private final List<Object> parts = new ArrayList<>(1);
    private ByteBuf current;
    private ByteBufOutputStream varints;

    FrameWriter(ByteBufAllocator alloc, int initialCapacity, boolean zeroCopy) {
        this.alloc = alloc;
        this.zeroCopy = zeroCopy;
        startBuffer(initialCapacity);
    }

    private void startBuffer(int capacity) {
        current = alloc.buffer(capacity);
        varints = new ByteBufOutputStream(current);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof SegmentSlice slice) {
            if (slice.sizeInBytes() == 0) {
                return;
            }
            parts.add(current);
            // a closed segment file with the open-file budget full: copied, not held open until the frame is sent
            parts.add(zeroCopy && slice.leaseFitsBudget() ? region(slice) : copy(slice));
            startBuffer(256);
        } else {
            Writable.super.writeRecords(records);
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
        ByteBuf buf = alloc.directBuffer(size, size);
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

    /** The frame's parts, in order: buffers and file regions. The caller writes (and so releases) all of them. */
    List<Object> finish() {
        if (current.isReadable()) {
            parts.add(current);
        } else {
            current.release();
        }
        current = null;
        return parts;
    }

    /** Bytes written so far, buffers and file regions together. */
    long bytesWritten() {
        long total = current == null ? 0 : current.readableBytes();
        for (Object part : parts) {
            total += part instanceof ByteBuf buf ? buf.readableBytes() : ((SegmentFileRegion) part).count();
        }
        return total;
    }

    /** Frees what was written so far, after a failure to encode. */
    void discard() {
        for (Object part : parts) {
            io.netty.util.ReferenceCountUtil.release(part);
        }
        if (current != null) {
            current.release();
        }
    }

    @Override
    public void writeByte(byte val) {
        current.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
        current.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
        current.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
        current.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
        current.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        current.writeBytes(arr);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        current.writeBytes(buf.duplicate());
    }

    @Override
    public void writeUnsignedVarint(int i) {
        varint(() -> ByteUtils.writeUnsignedVarint(i, varints));
    }

    @Override
    public void writeVarint(int i) {
        varint(() -> ByteUtils.writeVarint(i, varints));
    }

    @Override
    public void writeVarlong(long i) {
        varint(() -> ByteUtils.writeVarlong(i, varints));
    }

    /** kafka-clients' varint encoders write to a DataOutput, which declares IOException; a ByteBuf never throws it. */
    private static void varint(VarintWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface VarintWrite {
        void run() throws IOException;
    }
}
