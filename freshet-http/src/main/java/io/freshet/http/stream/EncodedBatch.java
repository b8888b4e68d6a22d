package io.freshet.http.stream;

import io.freshet.gateway.LogRecord;
import io.freshet.gateway.ReadResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

import java.util.List;

/**
 * Records of one partition read from {@code fromOffset}, each encoded once as {@link RecordJson}, in two forms that
 * every subscriber can share: the JSON lines (SSE events are built from them per event loop) and ready-made
 * WebSocket text frames (a server's frames are unmasked, so the same bytes go to every WebSocket subscriber).
 * Reference counted: the bytes are released when the last holder releases the batch. Immutable once built, so it is
 * handed between threads freely.
 */
final class EncodedBatch extends AbstractReferenceCounted {

    final int partition;
    /** The first offset this batch speaks for (the read's offset): a subscriber there misses nothing. */
    final long fromOffset;
    /** Where the next read starts: past the last record, and past control batches or aborted records. */
    final long nextOffset;
    final long[] offsets;
    private final ByteBuf json;
    private final int[] jsonEnds;
    private final ByteBuf frames;
    private final int[] frameStarts;

    private EncodedBatch(int partition, long fromOffset, long nextOffset, long[] offsets, ByteBuf json,
                         int[] jsonEnds, ByteBuf frames, int[] frameStarts) {
        this.partition = partition;
        this.fromOffset = fromOffset;
        this.nextOffset = nextOffset;
        this.offsets = offsets;
        this.json = json;
        this.jsonEnds = jsonEnds;
        this.frames = frames;
        this.frameStarts = frameStarts;
    }

    /** Encodes the records of {@code result} at or after {@code fromOffset}. */
    static EncodedBatch encode(ByteBufAllocator alloc, int partition, long fromOffset, ReadResult result) {
        List<LogRecord> records = result.records().stream().filter(r -> r.offset() >= fromOffset).toList();
        int n = records.size();
        long[] offsets = new long[n];
        int[] jsonEnds = new int[n];
        int[] frameStarts = new int[n];
        ByteBuf json = alloc.buffer(Math.max(64, n * 256));
        ByteBuf frames = null;
        try {
            for (int i = 0; i < n; i++) {
                offsets[i] = records.get(i).offset();
                RecordJson.write(records.get(i), json);
                jsonEnds[i] = json.writerIndex();
            }
            frames = alloc.buffer(json.readableBytes() + 10 * n);
            for (int i = 0; i < n; i++) {
                frameStarts[i] = frames.writerIndex();
                int start = i == 0 ? 0 : jsonEnds[i - 1];
                writeTextFrame(frames, json, start, jsonEnds[i] - start);
            }
        } catch (RuntimeException e) {
            json.release();
            if (frames != null) {
                frames.release();
            }
            throw e;
        }
        long next = Math.max(fromOffset, result.nextOffset());
        return new EncodedBatch(partition, fromOffset, next, offsets, json, jsonEnds, frames, frameStarts);
    }

    int size() {
        return offsets.length;
    }

    /** The index of the first record at or after {@code offset} ({@link #size()} if none). */
    int indexOf(long offset) {
        int i = 0;
        while (i < offsets.length && offsets[i] < offset) {
            i++;
        }
        return i;
    }

    /** Copies record {@code i}'s JSON into {@code out}. */
    void copyJson(int i, ByteBuf out) {
        int start = i == 0 ? 0 : jsonEnds[i - 1];
        out.writeBytes(json, start, jsonEnds[i] - start);
    }

    int jsonBytes() {
        return json.readableBytes();
    }

    /** The WebSocket frames of records {@code from..} as one buffer (a retained slice: the caller writes it). */
    ByteBuf framesFrom(int from) {
        int start = from < frameStarts.length ? frameStarts[from] : frames.writerIndex();
        return frames.retainedSlice(start, frames.writerIndex() - start);
    }

    /** An unmasked final text frame (RFC 6455 5.2) holding {@code length} bytes of {@code src} at {@code index}. */
    private static void writeTextFrame(ByteBuf out, ByteBuf src, int index, int length) {
        out.writeByte(0x81);
        if (length < 126) {
            out.writeByte(length);
        } else if (length < 65536) {
            out.writeByte(126);
            out.writeShort(length);
        } else {
            out.writeByte(127);
            out.writeLong(length);
        }
        out.writeBytes(src, index, length);
    }

    @Override
    protected void deallocate() {
        json.release();
        frames.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        return this;
    }
}
