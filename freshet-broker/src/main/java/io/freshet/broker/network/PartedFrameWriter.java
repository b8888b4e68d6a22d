package io.freshet.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.utils.internals.ByteUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Writable} that kafka-clients' generated message classes write one frame into: bytes go into pooled
 * Netty buffers, and a subclass may put a part of its own between them for records (a file region, a buffer that
 * wraps memory the records already live in), so that records are not copied on their way to the socket. The result
 * is the ordered list of the frame's parts.
 *
 * <p>Only the byte layout of primitives is written here; what to write, and in which order, is the generated
 * message code's. Public for the benchmark harness's sink, which answers fetches the same way.
 */
public abstract class PartedFrameWriter implements Writable {

    private final ByteBufAllocator alloc;
    private final List<Object> parts = new ArrayList<>(1);
    private ByteBuf current;
    private ByteBufOutputStream varints;

    protected PartedFrameWriter(ByteBufAllocator alloc, int initialCapacity) {
        this.alloc = alloc;
        startBuffer(initialCapacity);
    }

    private void startBuffer(int capacity) {
        current = alloc.buffer(capacity);
        varints = new ByteBufOutputStream(current);
    }

    protected final ByteBufAllocator alloc() {
        return alloc;
    }

    /** Ends the buffer written so far and puts {@code part} (a ByteBuf or a FileRegion) after it. */
    protected final void addPart(Object part) {
        parts.add(current);
        parts.add(part);
        startBuffer(256);
    }

    /** The frame's parts, in order: buffers and file regions. The caller writes (and so releases) all of them. */
    public final List<Object> finish() {
        if (current.isReadable()) {
            parts.add(current);
        } else {
            current.release();
        }
        current = null;
        return parts;
    }

    /** Bytes written so far, buffers and file regions together. */
    public final long bytesWritten() {
        long total = current == null ? 0 : current.readableBytes();
        for (Object part : parts) {
            total += part instanceof ByteBuf buf ? buf.readableBytes() : ((FileRegion) part).count();
        }
        return total;
    }

    /** Frees what was written so far, after a failure to encode. */
    public final void discard() {
        for (Object part : parts) {
            ReferenceCountUtil.release(part);
        }
        if (current != null) {
            current.release();
        }
    }

    @Override
    public final void writeByte(byte val) {
        current.writeByte(val);
    }

    @Override
    public final void writeShort(short val) {
        current.writeShort(val);
    }

    @Override
    public final void writeInt(int val) {
        current.writeInt(val);
    }

    @Override
    public final void writeLong(long val) {
        current.writeLong(val);
    }

    @Override
    public final void writeDouble(double val) {
        current.writeDouble(val);
    }

    @Override
    public final void writeByteArray(byte[] arr) {
        current.writeBytes(arr);
    }

    @Override
    public final void writeByteBuffer(ByteBuffer buf) {
        current.writeBytes(buf.duplicate());
    }

    @Override
    public final void writeUnsignedVarint(int i) {
        varint(() -> ByteUtils.writeUnsignedVarint(i, varints));
    }

    @Override
    public final void writeVarint(int i) {
        varint(() -> ByteUtils.writeVarint(i, varints));
    }

    @Override
    public final void writeVarlong(long i) {
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
