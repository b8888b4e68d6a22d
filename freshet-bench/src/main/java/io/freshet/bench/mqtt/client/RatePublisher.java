package io.freshet.bench.mqtt.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes {@code total} QoS 1 messages to one topic at a fixed rate: every millisecond it sends what the
 * schedule says is due, each payload stamped with the time it was due (see {@link LatencyRecorder}), with at most
 * {@code window} PUBLISHes in flight.
 *
 * <p>Design note: the stamp is the due time, not the time of the write, so a broker that holds PUBACKs back (the
 * window fills, sending waits) shows that wait in the latency instead of hiding it (coordinated omission).
 */
public final class RatePublisher extends BenchClient {

    private static final long TICK_MICROS = 1000;

    private final String topic;
    private final InFlight inFlight;
    private final int size;
    private final int rate;
    private final long total;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private volatile long startNanos;
    private volatile long lastSendNanos;
    private ScheduledFuture<?> ticks;

    public RatePublisher(String clientId, ClientErrors errors, String topic, int window, int size, int rate,
                         long total) {
        super(clientId, errors);
        if (size < 16) {
            throw new IllegalArgumentException("payloads need 16 bytes for the stamp, not " + size);
        }
        this.topic = topic;
        this.inFlight = new InFlight(window);
        this.size = size;
        this.rate = rate;
        this.total = total;
    }

    public void start() {
        ChannelHandlerContext ctx = ctx();
        ctx.executor().execute(() -> {
            startNanos = System.nanoTime();
            ticks = ctx.executor().scheduleAtFixedRate(this::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
        });
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public boolean done() {
        return sent.get() == total;
    }

    /** The rate achieved: messages sent over the time from the start to the last send. */
    public double achievedRate() {
        long elapsed = lastSendNanos - startNanos;
        return elapsed <= 0 ? Double.NaN : (sent.get() - 1) * 1e9 / elapsed;
    }

    @Override
    protected void onPubAck(int packetId) {
        if (!inFlight.release(packetId)) {
            errors.add("PUBACK for a packet id not in flight", clientId() + " id " + packetId);
            return;
        }
        acked.incrementAndGet();
        tick(); // a freed window slot may let a due message go
    }

    @Override
    protected void onClosed() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    private void tick() {
        if (startNanos == 0 || ticks == null) {
            return;
        }
        long next = sent.get();
        long due = Math.min(total, (System.nanoTime() - startNanos) * rate / 1_000_000_000L + 1);
        boolean wrote = false;
        while (next < due && !inFlight.full()) {
            send(next++);
            wrote = true;
        }
        if (wrote) {
            ctx().flush();
        }
        if (next == total) {
            ticks.cancel(false);
        }
    }

    private void send(long sequence) {
        ByteBuf payload = ctx().alloc().buffer(size);
        payload.writeZero(size);
        LatencyRecorder.stamp(payload, startNanos + sequence * 1_000_000_000L / rate, sequence);
        ctx().write(new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(topic, inFlight.take()), payload), ctx().voidPromise());
        lastSendNanos = System.nanoTime();
        sent.set(sequence + 1);
    }
}
