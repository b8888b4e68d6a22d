package io.freshet.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A share consumer polling on its own thread, writing each record it gets into a shared {@link Deliveries}.
 *
 * <p>Implicit mode ({@code decision} null): the next poll acknowledges (ACCEPT) what the last one returned. Explicit
 * mode: each record is acknowledged with the decision's type, then {@code commitSync}; an ACCEPT whose partition the
 * commit reports without an error is recorded as confirmed. {@code workMs} is the time a poll's records are held
 * (locked) before they are acknowledged, so that other members of the group get records meanwhile. A member keeps
 * polling through errors (a broker restart); it counts them.
 */
final class ShareMember implements AutoCloseable {

    /** One record as a member got it: {@code atNanos} from System.nanoTime, comparable across members. */
    record Delivery(String member, String topic, int partition, long offset, String value, int deliveryCount,
            long atNanos) {
    }

    /** What the members of one test got and which ACCEPTs the broker confirmed. */
    static final class Deliveries {
        final Queue<Delivery> delivered = new ConcurrentLinkedQueue<>();
        final Queue<Delivery> confirmed = new ConcurrentLinkedQueue<>();

        List<Delivery> of(String value) {
            return delivered.stream().filter(d -> d.value().equals(value)).toList();
        }

        long distinctValues() {
            return delivered.stream().map(Delivery::value).distinct().count();
        }

        long distinctConfirmed() {
            return confirmed.stream().map(Delivery::value).distinct().count();
        }
    }

    private final String name;
    private final KafkaShareConsumer<String, String> consumer;
    private final Deliveries deliveries;
    private final Function<ConsumerRecord<String, String>, AcknowledgeType> decision;
    private final long workMs;
    private final AtomicInteger errors = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private ShareMember(String name, KafkaShareConsumer<String, String> consumer, Deliveries deliveries,
            Function<ConsumerRecord<String, String>, AcknowledgeType> decision, long workMs) {
        this.name = name;
        this.consumer = consumer;
        this.deliveries = deliveries;
        this.decision = decision;
        this.workMs = workMs;
        this.thread = new Thread(this::run, "share-member-" + name);
    }

    /** An implicit-mode member subscribed to {@code topic}, started. */
    static ShareMember implicit(String bootstrap, String group, String topic, String name, Deliveries deliveries,
            int maxPollRecords, long workMs) {
        return start(ShareGroups.consumer(bootstrap, group, name, false, maxPollRecords), topic, name, deliveries,
                null, workMs);
    }

    /** An explicit-mode member acknowledging each record with {@code decision}, started. */
    static ShareMember explicit(String bootstrap, String group, String topic, String name, Deliveries deliveries,
            int maxPollRecords, long workMs, Function<ConsumerRecord<String, String>, AcknowledgeType> decision) {
        return start(ShareGroups.consumer(bootstrap, group, name, true, maxPollRecords), topic, name, deliveries,
                decision, workMs);
    }

    private static ShareMember start(KafkaShareConsumer<String, String> consumer, String topic, String name,
            Deliveries deliveries, Function<ConsumerRecord<String, String>, AcknowledgeType> decision, long workMs) {
        consumer.subscribe(List.of(topic));
        ShareMember member = new ShareMember(name, consumer, deliveries, decision, workMs);
        member.thread.start();
        return member;
    }

    private void run() {
        try {
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    errors.incrementAndGet();
                    System.out.printf("share member %s: %s%n", name, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        } finally {
            try {
                if (decision == null) {
                    acceptLastPoll();
                }
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                System.out.printf("share member %s: close: %s%n", name, e);
            }
        }
    }

    /**
     * Implicit mode: a member that stops after a poll accepts that poll's records with a commit, as an application
     * does before {@code close()}: {@code close()} alone does not accept them (on Kafka 4.4 too), so they would be
     * released and delivered again to a member still polling. A wakeup pending from {@link #close()} is taken first.
     */
    private void acceptLastPoll() {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                consumer.commitSync(Duration.ofSeconds(5));
                return;
            } catch (WakeupException e) {
                // the wakeup close() sent, taken by this call instead of a poll: commit again
            } catch (KafkaException e) {
                System.out.printf("share member %s: commit before close: %s%n", name, e);
                return;
            }
        }
    }

    private void pollOnce() throws InterruptedException {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, String>> accepted = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            deliveries.delivered.add(new Delivery(name, r.topic(), r.partition(), r.offset(), r.value(),
                    r.deliveryCount().map(Short::intValue).orElse(-1), System.nanoTime()));
        }
        if (workMs > 0) {
            Thread.sleep(workMs); // the member "works" on the records while it holds their locks
        }
        if (decision == null) {
            return;
        }
        for (ConsumerRecord<String, String> r : records) {
            AcknowledgeType type = decision.apply(r);
            consumer.acknowledge(r, type);
            if (type == AcknowledgeType.ACCEPT) {
                accepted.add(r);
            }
        }
        Map<TopicIdPartition, Optional<KafkaException>> results = consumer.commitSync(Duration.ofSeconds(10));
        long now = System.nanoTime();
        for (ConsumerRecord<String, String> r : accepted) {
            boolean ok = results.entrySet().stream().anyMatch(e -> e.getKey().topic().equals(r.topic())
                    && e.getKey().partition() == r.partition() && e.getValue().isEmpty());
            if (ok) {
                deliveries.confirmed.add(new Delivery(name, r.topic(), r.partition(), r.offset(), r.value(),
                        r.deliveryCount().map(Short::intValue).orElse(-1), now));
            }
        }
        results.forEach((tip, error) -> error.ifPresent(e -> {
            errors.incrementAndGet();
            System.out.printf("share member %s: acknowledgement of %s failed: %s%n", name, tip, e);
        }));
    }

    String name() {
        return name;
    }

    int errors() {
        return errors.get();
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(15_000);
    }

    static void closeAll(List<ShareMember> members) {
        for (ShareMember m : members) {
            try {
                m.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
