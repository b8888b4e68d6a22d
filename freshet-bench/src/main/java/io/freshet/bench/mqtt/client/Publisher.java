package io.freshet.bench.mqtt.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the same payload to one topic as fast as the broker takes it, from {@link #start()} to
 * {@link #stop()}, keeping at most {@code window} messages in flight. QoS 1: in flight until PUBACKed; the next
 * one goes when a PUBACK comes back; {@link #acked()} counts the PUBACKs. QoS 0, which has no acknowledgement: in
 * flight until the subscriber of the run received it ({@link #onDelivered()}, called from the subscriber's
 * thread), and never more than 64 KiB queued in the client.
 *
 * <p>Design note: a QoS 0 publisher limited only by its socket floods a broker that reads faster than it
 * delivers; the backlog then decides the numbers (and is still being worked off in the next case). The window
 * keeps every broker at the pace it delivers. A message a broker drops never leaves the window, so a broker
 * that drops shows as a stall. The first 4 bytes of the payload name the publisher, so the subscriber can tell.
 */
public final class Publisher extends BenchClient {

    /** QoS 0: publishes written per turn on the event loop, so the other connections on it get their turn. */
    private static final int QOS0_BATCH = 64;

    private final String topic;
    private final MqttQoS qos;
    private final InFlight inFlight;
    private final ByteBuf payload;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final int window;
    /** QoS 0: set when the window is full, cleared by the delivery that frees it, which then resumes writing. */
    private final AtomicBoolean waitingForDelivery = new AtomicBoolean();
    private volatile boolean running;

    /**
     * @param index   written into the payload's first 4 bytes ({@link #indexOf(ByteBuf)})
     * @param window  messages in flight at most (see the class comment)
     */
    public Publisher(String clientId, ClientErrors errors, String topic, MqttQoS qos, int window, byte[] payload,
                     int index) {
        super(clientId, errors);
        if (qos == MqttQoS.EXACTLY_ONCE) {
            throw new IllegalArgumentException("the load tool publishes at QoS 0 or 1");
        }
        this.topic = topic;
        this.qos = qos;
        this.inFlight = new InFlight(window);
        this.window = window;
        // One read-only copy for every PUBLISH: the encoder copies it into the packet and cannot free it.
        ByteBuf own = Unpooled.wrappedBuffer(payload.clone());
        own.setInt(0, index);
        this.payload = Unpooled.unreleasableBuffer(own);
    }

    /** The publisher index a payload of this class carries. */
    public static int indexOf(ByteBuf payload) {
        return payload.getInt(payload.readerIndex());
    }

    /** The subscriber received one of this publisher's messages; any thread. Frees a QoS 0 window slot. */
    public void onDelivered() {
        delivered.incrementAndGet();
        if (waitingForDelivery.get() && waitingForDelivery.compareAndSet(true, false)) {
            ctx().executor().execute(this::pump);
        }
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public void start() {
        ChannelHandlerContext ctx = ctx();
        ctx.executor().execute(() -> {
            running = true;
            if (qos == MqttQoS.AT_MOST_ONCE) {
                pump();
            } else {
                fillWindow();
            }
        });
    }

    public void stop() {
        running = false;
    }

    @Override
    protected void onPubAck(int packetId) {
        if (qos != MqttQoS.AT_LEAST_ONCE || !inFlight.release(packetId)) {
            errors.add("PUBACK for a packet id not in flight", clientId() + " id " + packetId);
            return;
        }
        acked.incrementAndGet();
        if (running) {
            publish(); // flushed at the end of the read (channelReadComplete)
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (qos == MqttQoS.AT_MOST_ONCE && running && ctx.channel().isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void fillWindow() {
        while (running && !inFlight.full()) {
            publish();
        }
        ctx().flush();
    }

    private void pump() {
        ChannelHandlerContext ctx = ctx();
        int written = 0;
        while (written < QOS0_BATCH && running && ctx.channel().isWritable() && !windowFull()) {
            publish();
            written++;
        }
        ctx.flush();
        if (written == QOS0_BATCH && running && ctx.channel().isWritable()) {
            ctx.executor().execute(this::pump);   // more to write: after the other connections' turn
        }
    }

    /** QoS 0: true if the window is full, and then a delivery will call pump() again. */
    private boolean windowFull() {
        if (sent.get() - delivered.get() < window) {
            return false;
        }
        waitingForDelivery.set(true);
        if (sent.get() - delivered.get() < window) {   // a delivery came in between: it saw no one waiting
            waitingForDelivery.set(false);
            return false;
        }
        return true;
    }

    private void publish() {
        int packetId = qos == MqttQoS.AT_LEAST_ONCE ? inFlight.take() : 0;
        ctx().write(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos, false, 0),
            new MqttPublishVariableHeader(topic, packetId), payload.duplicate()), ctx().voidPromise());
        sent.incrementAndGet();
    }
}
