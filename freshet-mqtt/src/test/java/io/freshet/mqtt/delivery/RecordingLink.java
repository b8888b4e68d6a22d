package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.session.ClientLink;
import io.netty.util.concurrent.EventExecutor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ClientLink} that records what the delivery layer sends, in order, on a real Netty event loop (encoding is
 * the protocol layer's job; these tests check what is sent). Optionally acknowledges like a client would.
 */
final class RecordingLink implements ClientLink {

    sealed interface Sent {
    }

    record Publish(String topic, String payload, int qos, boolean retain, int packetId, boolean dup,
                   List<Integer> subscriptionIds, Message message) implements Sent {
    }

    record Pubrel(int packetId) implements Sent {
    }

    /** Something the test noted in the same sequence (a SUBACK, say). */
    record Mark(String what) implements Sent {
    }

    enum Acks {
        /** The test acknowledges by itself. */
        NONE,
        /** PUBACK, PUBREC, PUBCOMP as soon as a packet arrives. */
        ALL
    }

    private final String clientId;
    private final EventExecutor loop;
    private final int receiveMaximum;
    private final int protocolVersion;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile boolean writable = true;
    private volatile boolean cut;
    /** Payloads longer than this are refused as the protocol layer refuses packets beyond the Maximum Packet Size. */
    private volatile int maxPayload = Integer.MAX_VALUE;
    private volatile boolean wrongThread;
    private volatile Acks acks = Acks.NONE;
    private volatile SessionDelivery delivery;

    RecordingLink(String clientId, EventExecutor loop, int receiveMaximum) {
        this(clientId, loop, receiveMaximum, 5);
    }

    RecordingLink(String clientId, EventExecutor loop, int receiveMaximum, int protocolVersion) {
        this.clientId = clientId;
        this.loop = loop;
        this.receiveMaximum = receiveMaximum;
        this.protocolVersion = protocolVersion;
    }

    /** Attaches {@code session} to this link (on the loop) and acknowledges as {@code acks} says. */
    RecordingLink attach(SessionDelivery session, Acks mode) {
        this.delivery = session;
        this.acks = mode;
        run(() -> session.attach(this));
        return this;
    }

    SessionDelivery delivery() {
        return delivery;
    }

    void detach() {
        run(() -> delivery.detach());
    }

    <T> T call(Callable<T> task) {
        try {
            return loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    void puback(int packetId) {
        run(() -> delivery.puback(packetId));
    }

    void pubrec(int packetId) {
        run(() -> delivery.pubrec(packetId, 0));
    }

    void pubcomp(int packetId) {
        run(() -> delivery.pubcomp(packetId));
    }

    void setMaxPayload(int bytes) {
        maxPayload = bytes;
    }

    /** The connection is gone without a word (a broker crash): nothing sent from now on arrives. On the loop. */
    void cut() {
        run(() -> cut = true);
    }

    void setWritable(boolean nowWritable) {
        run(() -> {
            writable = nowWritable;
            if (nowWritable) {
                delivery.writable();
            }
        });
    }

    void mark(String what) {
        sent.add(new Mark(what));
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    List<Publish> publishes() {
        List<Publish> publishes = new ArrayList<>();
        for (Sent s : sent) {
            if (s instanceof Publish p) {
                publishes.add(p);
            }
        }
        return publishes;
    }

    List<String> payloads() {
        return publishes().stream().map(Publish::payload).toList();
    }

    boolean calledOnWrongThread() {
        return wrongThread;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public int protocolVersion() {
        return protocolVersion;
    }

    @Override
    public EventExecutor executor() {
        return loop;
    }

    @Override
    public int receiveMaximum() {
        return receiveMaximum;
    }

    @Override
    public boolean sendPublish(Message message, int packetId, boolean dup, List<Integer> subscriptionIds) {
        checkThread();
        if (cut) {
            return true;
        }
        if (message.payload().length > maxPayload) {
            return false;
        }
        sent.add(new Publish(message.topic(), new String(message.payload(), StandardCharsets.UTF_8), message.qos(),
            message.retain(), packetId, dup, List.copyOf(subscriptionIds), message));
        if (acks == Acks.ALL && message.qos() == 1) {
            loop.execute(() -> delivery.puback(packetId));
        } else if (acks == Acks.ALL && message.qos() == 2) {
            loop.execute(() -> delivery.pubrec(packetId, 0));
        }
        return true;
    }

    @Override
    public void sendPubrel(int packetId) {
        checkThread();
        if (cut) {
            return;
        }
        sent.add(new Pubrel(packetId));
        if (acks == Acks.ALL) {
            loop.execute(() -> delivery.pubcomp(packetId));
        }
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void close(int reasonCode, String reasonString) {
        throw new AssertionError("the delivery layer closed the connection: " + reasonCode + " " + reasonString);
    }

    private void checkThread() {
        if (!loop.inEventLoop()) {
            wrongThread = true;
        }
    }
}
