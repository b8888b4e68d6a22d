package io.freshet.mqtt.delivery;

import io.freshet.gateway.EventLog;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.retained.RetainedMessages;
import io.freshet.mqtt.state.StateStore;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * The delivery side of every MQTT session: creates and restores {@link SessionDelivery}s, and holds what they share:
 * the one {@link io.freshet.gateway.LogListener} on the event log ({@link LogSignals}: partition -> readers to wake,
 * watchers of new topics) and the share groups. Thread-safe.
 *
 * <p>One {@link SessionDelivery} per client id at a time: it is the only writer of its {@code delivery/CLIENT} key.
 */
public final class DeliveryService implements Deliveries, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final EventLog eventLog;
    private final StateStore state;
    private final LogSignals signals = new LogSignals();
    private final ShareGroups shareGroups;
    private final DeliveryContext ctx;

    public DeliveryService(EventLog log, TopicMapper mapper, RetainedMessages retained, StateStore state,
                           MqttConfig config, Time time) {
        this.eventLog = log;
        this.state = state;
        this.shareGroups = new ShareGroups(log, mapper, signals);
        this.ctx = new DeliveryContext(log, mapper, retained, state, config, time, signals, shareGroups);
        log.addListener(signals);
    }

    @Override
    public List<String> storedSubscriptions(String clientId) {
        try {
            return state.get(LogSessionDelivery.stateKey(clientId))
                .map(bytes -> StoredDelivery.decode(bytes).describeSubscriptions()).orElse(List.of());
        } catch (IllegalArgumentException e) {
            return List.of(); // open() says so when the client comes back
        }
    }

    /**
     * The delivery state of {@code clientId}: a persistent session's is restored from its stored subscriptions,
     * positions and in-flight messages (after a broker restart too); a non-persistent session starts empty, and a
     * state stored by an earlier persistent session of that client is deleted (it ended).
     */
    @Override
    public SessionDelivery open(String clientId, boolean persistent) {
        LogSessionDelivery session = new LogSessionDelivery(clientId, persistent, ctx);
        String key = LogSessionDelivery.stateKey(clientId);
        Optional<byte[]> stored = state.get(key);
        if (stored.isEmpty()) {
            return session;
        }
        if (!persistent) {
            state.delete(key).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    log.warn("MQTT client {}: deleting its old delivery state failed: {}", clientId,
                        Failures.cause(failure).toString());
                }
            });
            return session;
        }
        try {
            session.restore(StoredDelivery.decode(stored.get()));
        } catch (IllegalArgumentException e) {
            log.warn("MQTT client {}: its stored delivery state is unreadable, starting without it: {}", clientId,
                e.getMessage());
        }
        return session;
    }

    /** Stops listening to the log and commits the share groups' positions. Sessions are detached by their owners. */
    @Override
    public void close() {
        eventLog.removeListener(signals);
        shareGroups.close();
    }
}
