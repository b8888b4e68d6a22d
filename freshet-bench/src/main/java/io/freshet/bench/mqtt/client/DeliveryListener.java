package io.freshet.bench.mqtt.client;

import io.netty.buffer.ByteBuf;

/** Told of each message a {@link Subscriber} receives, on the subscriber's event loop, before the payload is freed. */
@FunctionalInterface
public interface DeliveryListener {

    /** @param nowNanos System.nanoTime() when the PUBLISH was decoded */
    void onDelivery(ByteBuf payload, long nowNanos);
}
