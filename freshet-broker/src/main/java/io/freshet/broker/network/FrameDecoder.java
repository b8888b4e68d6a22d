package io.freshet.broker.network;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the byte stream into Kafka request frames: a big-endian int32 size, then that many bytes. Emits the
 * frame without its size prefix.
 *
 * <p>The size is checked against {@code socket.request.max.bytes} as soon as its four bytes arrive, before
 * anything is buffered for the frame (fail-fast): an over-size or negative size raises
 * {@link io.netty.handler.codec.TooLongFrameException} / {@link io.netty.handler.codec.CorruptedFrameException},
 * and {@link KafkaConnection} closes the connection. Nothing is allocated by a size a client wrote.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    private static final int SIZE_PREFIX = 4;

    /** @param maxRequestBytes largest frame body accepted, not counting the size prefix (Kafka's convention) */
    FrameDecoder(int maxRequestBytes) {
        super(maxRequestBytes + SIZE_PREFIX, 0, SIZE_PREFIX, 0, SIZE_PREFIX, true);
    }
}
