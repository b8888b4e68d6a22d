package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.ScriptedStateLog;
import io.freshet.storage.testing.ManualClock;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A share coordinator on a scripted state log, reading a {@link FakeShareLog}, with one manual clock; group settings
 * per group (Kafka's defaults otherwise), and the dead-letter hand-overs and availability calls it made.
 */
final class ShareFixture implements AutoCloseable {

    static final String GROUP = "g";
    static final TopicPartition TP = new TopicPartition("orders", 0);
    static final Uuid TOPIC_ID = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
    static final ShareKey KEY = new ShareKey(GROUP, TOPIC_ID, TP);

    /** One dead-letter hand-over. */
    record DeadLetter(long first, long last, short deliveryCount, DeadLetters.Reason reason) {
    }

    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    final FakeShareLog log = new FakeShareLog();
    final Map<String, ShareGroupSettings> settings = new ConcurrentHashMap<>();
    final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    final List<ShareKey> available = new CopyOnWriteArrayList<>();
    /** What a dead-letter hand-over answers: written at once unless a test says otherwise. */
    volatile Function<DeadLetter, CompletableFuture<Void>> deadLetterOutcome =
        letter -> CompletableFuture.completedFuture(null);
    private final ShareCoordinatorConfig config;
    ScriptedStateLog stateLog = new ScriptedStateLog();
    ShareCoordinator coordinator;

    ShareFixture() {
        this(ShareCoordinatorConfig.defaults());
    }

    ShareFixture(ShareCoordinatorConfig config) {
        this.config = config;
        start();
    }

    private void start() {
        coordinator = ShareCoordinator.start(stateLog, config,
            group -> settings.getOrDefault(group, ShareGroupSettings.defaults()),
            new DeadLetters() {
                @Override
                public void archived(ShareKey key, long first, long last, short count, Reason reason,
                                     ShareGroupSettings s) {
                    deadLetters.add(new DeadLetter(first, last, count, reason));
                }

                @Override
                public CompletableFuture<Void> write(ShareKey key, long first, long last, short count,
                                                     Reason reason, ShareGroupSettings s) {
                    DeadLetter letter = new DeadLetter(first, last, count, reason);
                    deadLetters.add(letter);
                    return deadLetterOutcome.apply(letter);
                }
            },
            clock);
        coordinator.onAvailable(available::add);
    }

    /** Stops and starts again on what a crash leaves of the state log: the durable records. */
    void restart() {
        coordinator.close();
        stateLog = stateLog.afterCrash();
        start();
    }

    static ShareGroupSettings settings(String reset, int lockMs, int deliveryLimit, boolean renew, String dlq,
                                       long backoffMs, long backoffMaxMs) {
        return new ShareGroupSettings(reset, lockMs, deliveryLimit, renew, dlq, false, backoffMs, backoffMaxMs);
    }

    /** The group reads from the earliest offset, other settings Kafka's defaults. */
    ShareFixture earliest() {
        settings.put(GROUP, settings("earliest", 30_000, 5, false, null, 0, 60_000));
        return this;
    }

    Acquired acquire(String member, int maxRecords, boolean recordLimit) throws Exception {
        return get(coordinator.acquire(KEY, member, new AcquireLimits(maxRecords, 1 << 20, recordLimit), log));
    }

    Acquired acquire(String member) throws Exception {
        return acquire(member, 500, false);
    }

    Errors ack(String member, long first, long last, byte type) throws Exception {
        return get(ackAsync(member, first, last, type));
    }

    CompletableFuture<Errors> ackAsync(String member, long first, long last, byte type) {
        return coordinator.acknowledge(KEY, member, List.of(new Acknowledgement(first, last, new byte[] {type})));
    }

    long startOffset() throws Exception {
        return get(coordinator.startOffsets(GROUP, List.of(TP))).get(TP);
    }

    /**
     * Moves the clock and runs the timers that became due, then once more round the coordinator thread, so that
     * what their writes do once durable (dead-letter hand-overs) has happened too.
     */
    void advance(long ms) throws Exception {
        clock.advance(ms);
        get(coordinator.runDueTimers());
        get(coordinator.runDueTimers());
    }

    /** Every offset acquired, in order. */
    static List<Long> offsets(Acquired acquired) {
        List<Long> out = new ArrayList<>();
        acquired.ranges().forEach(r -> {
            for (long o = r.firstOffset(); o <= r.lastOffset(); o++) {
                out.add(o);
            }
        });
        return out;
    }

    /** The values of the acquired records, as the client keeps them from the batches sent. */
    static List<String> values(Acquired acquired) {
        List<Long> offsets = offsets(acquired);
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : acquired.records().batches()) {
            for (Record record : batch) {
                if (offsets.contains(record.offset())) {
                    byte[] value = new byte[record.valueSize()];
                    record.value().get(value);
                    out.add(new String(value, StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
