package io.freshet.bench.mqtt.client;

import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribes to one topic filter once connected and counts the PUBLISHes it receives, acknowledging QoS 1 ones
 * (PUBACK right away, flushed once per socket read); hands each payload to its {@link DeliveryListener} on
 * arrival.
 */
public final class Subscriber extends BenchClient {

    private final String filter;
    private final MqttQoS qos;
    private final DeliveryListener listener;
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private final AtomicLong received = new AtomicLong();

    public Subscriber(String clientId, ClientErrors errors, String filter, MqttQoS qos, DeliveryListener listener) {
        super(clientId, errors);
        this.filter = filter;
        this.qos = qos;
        this.listener = listener;
    }

    /** Completes on a SUBACK granting the filter (any QoS); exceptionally on a refusal (0x80). */
    public CompletableFuture<Void> subscribed() {
        return subscribed;
    }

    public long received() {
        return received.get();
    }

    @Override
    protected void onConnected() {
        ctx().writeAndFlush(MqttMessageBuilders.subscribe().messageId(1).addSubscription(qos, filter).build());
    }

    @Override
    protected void onSubAck(MqttSubAckMessage msg) {
        int granted = msg.payload().grantedQoSLevels().get(0);
        if (granted > 2) {
            errors.add("SUBACK refused " + filter, clientId() + " code " + granted);
            subscribed.completeExceptionally(new IOException("SUBACK " + granted + " for " + filter));
        } else {
            subscribed.complete(null);
        }
    }

    @Override
    protected void onPublish(MqttPublishMessage msg) {
        long now = System.nanoTime();
        received.incrementAndGet();
        listener.onDelivery(msg.payload(), now);
        if (msg.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            ctx().write(pubAck(msg.variableHeader().packetId()), ctx().voidPromise());
        } else if (msg.fixedHeader().qosLevel() == MqttQoS.EXACTLY_ONCE) {
            errors.add("QoS 2 PUBLISH on a subscription of QoS " + qos.value(), clientId());
        }
    }

    @Override
    protected void onClosed() {
        subscribed.completeExceptionally(new IOException(clientId() + ": closed before SUBACK"));
    }
}
