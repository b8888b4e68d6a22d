package io.freshet.bench.rebalance;

import io.freshet.bench.workload.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The rebalance cases against one broker with one protocol. Each case gets a fresh 6-partition topic and group.
 * Consumers in the harness are polled in one loop with {@link #POLL} timeouts, so a member that must revoke or
 * rejoin does so while the other waits. Every wait is bounded.
 */
final class GroupCases {

    static final int PARTITIONS = 6;
    static final Duration POLL = Duration.ofMillis(10);
    /** How long a split must hold before the leave and die cases start from it. */
    static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration JOIN_LIMIT = Duration.ofSeconds(60);
    /** The die case waits out a session timeout: 45 s for the consumer protocol by default. */
    private static final Duration DIE_LIMIT = Duration.ofSeconds(120);

    private final String bootstrap;
    private final Protocol protocol;
    private final String prefix;
    private final Path logDir;
    private int serial;

    GroupCases(String bootstrap, Protocol protocol, String prefix, Path logDir) {
        this.bootstrap = bootstrap;
        this.protocol = protocol;
        this.prefix = prefix;
        this.logDir = logDir;
    }

    /** First join of an empty group (A alone) and the join of B, in milliseconds. */
    Map<RebalanceCase, Double> firstJoinAndJoin() throws Exception {
        String topic = freshTopic("join");
        String group = topic + "-group";
        Map<RebalanceCase, Double> times = new EnumMap<>(RebalanceCase.class);
        try (KafkaConsumer<byte[], byte[]> a = consumer(group, "a"); KafkaConsumer<byte[], byte[]> b = consumer(group, "b")) {
            long start = System.nanoTime();
            a.subscribe(List.of(topic));
            times.put(RebalanceCase.FIRST_JOIN, until("A owns all", JOIN_LIMIT, () -> {
                a.poll(POLL);
                return Ownership.ownsAll(owned(a, topic), PARTITIONS);
            }, start));
            start = System.nanoTime();
            b.subscribe(List.of(topic));
            times.put(RebalanceCase.JOIN, until("A and B split", JOIN_LIMIT, () -> {
                a.poll(POLL);
                b.poll(POLL);
                return Ownership.splitBetween(owned(a, topic), owned(b, topic), PARTITIONS);
            }, start));
        }
        return times;
    }

    /** A and B stable, then A leaves cleanly: milliseconds until B owns all. */
    double leave() throws Exception {
        String topic = freshTopic("leave");
        String group = topic + "-group";
        try (KafkaConsumer<byte[], byte[]> b = consumer(group, "b")) {
            KafkaConsumer<byte[], byte[]> a = consumer(group, "a");
            CompletableFuture<Void> closing = null;
            try {
                a.subscribe(List.of(topic));
                until("A owns all", JOIN_LIMIT, () -> {
                    a.poll(POLL);
                    return Ownership.ownsAll(owned(a, topic), PARTITIONS);
                }, System.nanoTime());
                b.subscribe(List.of(topic));
                awaitStableSplit(() -> {
                    a.poll(POLL);
                    b.poll(POLL);
                    return Ownership.splitBetween(owned(a, topic), owned(b, topic), PARTITIONS);
                });
                long start = System.nanoTime();
                closing = CompletableFuture.runAsync(() -> a.close(Duration.ofSeconds(30)));
                double millis = until("B owns all", JOIN_LIMIT, () -> {
                    b.poll(POLL);
                    return Ownership.ownsAll(owned(b, topic), PARTITIONS);
                }, start);
                closing.get(40, TimeUnit.SECONDS);
                return millis;
            } finally {
                if (closing == null) {
                    a.close(Duration.ofSeconds(30));
                }
            }
        }
    }

    /** A in its own JVM, B here, stable; A is killed: milliseconds until B owns all. */
    double die(int round, String broker) throws Exception {
        String topic = freshTopic("die");
        String group = topic + "-group";
        Path log = logDir.resolve("member-a-" + broker + "-" + protocol.label() + "-round" + round + ".log");
        try (MemberProcess a = MemberProcess.start(bootstrap, topic, group, protocol, log);
             KafkaConsumer<byte[], byte[]> b = consumer(group, "b")) {
            until("A (own JVM) owns all", JOIN_LIMIT, () -> {
                if (!a.isAlive()) {
                    throw new IllegalStateException("consumer A's JVM exited; see " + log);
                }
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
                return Ownership.ownsAll(a.assignment(), PARTITIONS);
            }, System.nanoTime());
            b.subscribe(List.of(topic));
            awaitStableSplit(() -> {
                b.poll(POLL);
                return Ownership.splitBetween(a.assignment(), owned(b, topic), PARTITIONS);
            });
            long start = System.nanoTime();
            a.kill();
            return until("B owns all", DIE_LIMIT, () -> {
                b.poll(POLL);
                return Ownership.ownsAll(owned(b, topic), PARTITIONS);
            }, start);
        }
    }

    /** Polls until the condition has held for {@link #SETTLE} without a break. */
    private static void awaitStableSplit(Step step) throws Exception {
        long deadline = System.nanoTime() + JOIN_LIMIT.toNanos();
        long heldSince = -1;
        while (System.nanoTime() < deadline) {
            if (step.holds()) {
                if (heldSince < 0) {
                    heldSince = System.nanoTime();
                } else if (System.nanoTime() - heldSince >= SETTLE.toNanos()) {
                    return;
                }
            } else {
                heldSince = -1;
            }
        }
        throw new TimeoutException("A and B did not hold a stable split within " + JOIN_LIMIT.toSeconds() + " s");
    }

    /** Runs the step until it holds; milliseconds from {@code start}. */
    private static double until(String what, Duration limit, Step step, long start) throws Exception {
        long deadline = start + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (step.holds()) {
                return (System.nanoTime() - start) / 1e6;
            }
        }
        throw new TimeoutException(what + ": not within " + limit.toSeconds() + " s");
    }

    private String freshTopic(String kind) throws Exception {
        String topic = prefix + "-" + protocol.label() + "-" + kind + "-" + (++serial);
        Topics.create(bootstrap, topic, PARTITIONS);
        return topic;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, String member) {
        return new KafkaConsumer<>(protocol.consumerConfig(bootstrap, group, group + "-" + member));
    }

    private static Set<Integer> owned(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return Ownership.partitionsOf(consumer.assignment(), topic);
    }

    /** One pass of a wait loop: poll, then say whether the awaited state is reached. */
    @FunctionalInterface
    interface Step {
        boolean holds() throws Exception;
    }
}
