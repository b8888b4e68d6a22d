package io.freshet.bench.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.utils.internals.ByteUtils;

/**
 * The {@link Writable} the sink's answers are written into by kafka-clients' generated message classes: bytes into
 * pooled Netty buffers, and records held in direct memory (the fetch ceiling's runs of copies) as a buffer that wraps
 * that memory, so the socket write is the only copy. The result is the ordered parts of one frame.
 */
final class SinkFrameWriter implements Writable {

    private final ByteBufAllocator alloc;
    private final List<ByteBuf> parts = new ArrayList<>(1);
    private ByteBuf current;
    private ByteBufOutputStream varints;

    SinkFrameWriter(ByteBufAllocator alloc, int initialCapacity) {
        this.alloc = alloc;
        startBuffer(initialCapacity);
    }

    private void startBuffer(int capacity) {
        current = alloc.directBuffer(capacity);
        varints = new ByteBufOutputStream(current);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof MemoryRecords memory && memory.buffer().isDirect() && memory.sizeInBytes() > 0) {
            parts.add(current);
            parts.add(Unpooled.wrappedBuffer(memory.buffer().duplicate())); // wraps, never frees the run
            startBuffer(256);
        } else {
            Writable.super.writeRecords(records);
        }
    }

    /** The frame's parts in order; the caller writes (and so releases) all of them. */
    List<ByteBuf> finish() {
        if (current.isReadable()) {
            parts.add(current);
        } else {
            current.release();
        }
        current = null;
        return parts;
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
        try {
            ByteUtils.writeUnsignedVarint(i, varints);
        } catch (IOException e) { // a ByteBuf never throws it; DataOutput declares it
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void writeVarint(int i) {
        try {
            ByteUtils.writeVarint(i, varints);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void writeVarlong(long i) {
        try {
            ByteUtils.writeVarlong(i, varints);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
