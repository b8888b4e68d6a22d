package io.freshet.http.stream;

import io.freshet.http.routing.ResponseStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;

/** A stream written as Server-Sent Events ({@link SseEvents}) on a chunked response. Event loop only. */
final class SseSink implements StreamSink {

    private final ResponseStream stream;
    private final ByteBufAllocator alloc;
    private final Heartbeat heartbeat = new Heartbeat(this::beat);

    SseSink(ResponseStream stream, ByteBufAllocator alloc) {
        this.stream = stream;
        this.alloc = alloc;
    }

    /** Writes the starting position (the client's Last-Event-ID from now on) and starts the heartbeat. */
    void begin(EventExecutor loop, long heartbeatMs, long[] positions) {
        stream.write(SseEvents.position(alloc, positions));
        heartbeat.start(loop, heartbeatMs);
        stream.onClose(heartbeat::stop);
    }

    @Override
    public boolean isWritable() {
        return stream.isWritable();
    }

    @Override
    public void records(EncodedBatch batch, int from, long[] positions, SharedSse shared) {
        if (shared != null) {
            heartbeat.wrote();
            stream.writeFramed(shared.framedEventsFor(positions));
        } else {
            write(SseEvents.records(alloc, batch, from, positions));
        }
    }

    @Override
    public void gap(int partition, long missed, long[] positions) {
        write(SseEvents.gap(alloc, partition, missed, positions));
    }

    private void write(ByteBuf bytes) {
        heartbeat.wrote();
        stream.writeWithoutFlush(bytes);
    }

    @Override
    public void flush() {
        stream.flush();
    }

    private void beat() {
        if (stream.isWritable()) {
            stream.write(SseEvents.HEARTBEAT);
        }
    }

    @Override
    public void end(String reason) {
        heartbeat.stop();
        stream.end();
    }
}
