package io.freshet.bench.sink;

import io.freshet.broker.network.PartedFrameWriter;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The sink's response writer: the broker's {@link PartedFrameWriter}, with records held in direct memory (the fetch
 * ceiling's runs of copies) put in the frame as a buffer that wraps that memory, so that the socket write is the only
 * copy, as sendfile is for the broker.
 */
final class SinkFrameWriter extends PartedFrameWriter {

    SinkFrameWriter(ByteBufAllocator alloc, int initialCapacity) {
        super(alloc, initialCapacity);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof MemoryRecords memory && memory.buffer().isDirect() && memory.sizeInBytes() > 0) {
            addPart(Unpooled.wrappedBuffer(memory.buffer().duplicate())); // wraps, never frees the run
        } else {
            super.writeRecords(records);
        }
    }
}
