package io.freshet.mqtt.delivery;

import io.freshet.gateway.LogRecord;
import io.freshet.gateway.ReadResult;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.TopicFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resend when a session attaches: every unacknowledged PUBLISH again (DUP set, same packet id) and every PUBREL,
 * in the order they were first sent, before anything new (MQTT 5 4.4, 4.6). A PUBLISH's record is read again at its
 * offset; one read brings the following records too, so the in-flight messages of one partition cost about one read.
 * A message no longer there (retention, a cleared retained message) is dropped. Owned by the session's thread.
 */
final class ResendPass {

    private static final Logger log = LoggerFactory.getLogger(ResendPass.class);

    /** The session, as the resend needs it (what it resends goes through the session's {@link OutboundWindow}). */
    interface Session {
        /** Runs {@code task} on the session's thread if it is still attached as it was at {@code generation}. */
        void onOwner(int generation, Runnable task);

        int generation();

        /** All resent: the session goes on with new messages. */
        void resent();
    }

    private final String clientId;
    private final DeliveryContext ctx;
    private final Session session;
    private final OutboundWindow window;
    private final ArrayDeque<InFlight> queue = new ArrayDeque<>();
    private final Map<PartitionOffset, LogRecord> records = new HashMap<>();
    private final Set<PartitionOffset> wanted = new HashSet<>();
    private final Set<InFlight> lookedUp = new HashSet<>();
    private boolean active;

    ResendPass(String clientId, DeliveryContext ctx, Session session, OutboundWindow window) {
        this.clientId = clientId;
        this.ctx = ctx;
        this.session = session;
        this.window = window;
    }

    boolean isActive() {
        return active;
    }

    void start(Collection<InFlight> inFlight) {
        cancel();
        queue.addAll(inFlight);
        for (InFlight entry : queue) {
            if (entry.fromLog() && entry.stage == InFlight.Stage.PUBLISH) {
                wanted.add(new PartitionOffset(entry.partition, entry.offset));
            }
        }
        active = true;
        next();
    }

    /** The connection went away: the next attach starts over. */
    void cancel() {
        active = false;
        queue.clear();
        records.clear();
        wanted.clear();
        lookedUp.clear();
    }

    private void next() {
        while (!queue.isEmpty()) {
            InFlight entry = queue.peekFirst();
            if (!window.isInFlight(entry)) {
                queue.pollFirst();
            } else if (entry.stage == InFlight.Stage.PUBREL) {
                queue.pollFirst();
                window.resendPubrel(entry);
            } else if (!entry.fromLog()) {
                queue.pollFirst();
                resendRetained(entry);
            } else {
                LogRecord record = records.remove(new PartitionOffset(entry.partition, entry.offset));
                if (record == null && lookedUp.add(entry)) {
                    read(entry);
                    return; // continues when the read is back
                }
                queue.pollFirst();
                resendFromLog(entry, record);
            }
        }
        cancel();
        session.resent();
    }

    private void resendFromLog(InFlight entry, LogRecord record) {
        Optional<Message> message = record == null ? Optional.empty() : ctx.mapper().toMessage(record);
        if (message.isEmpty()) {
            gone(entry);
            return;
        }
        Message out = MessageExpiry.forResend(message.get(), record.timestamp(), ctx.time().milliseconds())
            .withQos(entry.qos).withRetain(entry.retain);
        window.resendPublish(entry, out);
    }

    private void resendRetained(InFlight entry) {
        if (entry.retained == null) {
            entry.retained = retainedMessage(entry.retainedTopic);
        }
        if (entry.retained == null) {
            gone(entry);
            return;
        }
        window.resendPublish(entry, entry.retained.withQos(entry.qos).withRetain(true));
    }

    /** The retained message of {@code topic} now (after a restart only the topic of an in-flight one is stored). */
    private Message retainedMessage(String topic) {
        Optional<TopicFilter> exact = TopicFilter.parse(topic);
        if (exact.isPresent()) {
            for (Message message : ctx.retained().matching(exact.get())) {
                if (message.topic().equals(topic)) {
                    return message;
                }
            }
        }
        return null;
    }

    private void read(InFlight entry) {
        int generation = session.generation();
        ctx.log().read(entry.partition, entry.offset, SessionPartitions.READ_BYTES)
            .whenComplete((result, failure) -> session.onOwner(generation, () -> readDone(entry, result, failure)));
    }

    private void readDone(InFlight entry, ReadResult result, Throwable failure) {
        if (!active) {
            return;
        }
        if (result != null) {
            for (LogRecord record : result.records()) {
                PartitionOffset place = new PartitionOffset(record.partition(), record.offset());
                if (wanted.remove(place)) {
                    records.put(place, record);
                }
            }
        } else {
            log.info("MQTT client {}: {} at {} cannot be read again to resend it: {}", clientId, entry.partition,
                entry.offset, Failures.cause(failure).toString());
        }
        next();
    }

    private void gone(InFlight entry) {
        log.info("MQTT client {}: in-flight message {} is no longer available; not resent", clientId,
            entry.fromLog() ? entry.partition + "@" + entry.offset : entry.retainedTopic);
        window.finish(entry); // forgotten: its packet id and window slot are free
    }
}
