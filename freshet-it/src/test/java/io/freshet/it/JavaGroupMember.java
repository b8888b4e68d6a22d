package io.freshet.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A Java consumer (classic protocol) as a group member on a thread of its own: subscribes, handles every record
 * it polls, commits synchronously after each poll, and on {@link #stop} commits, leaves the group and closes.
 */
final class JavaGroupMember implements ClientGroupMember {

    private final String name;
    private final Thread thread;
    private final List<Handled> handled = new CopyOnWriteArrayList<>();
    private final AtomicReference<List<Integer>> assignment = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;

    JavaGroupMember(String name, String bootstrap, String topic, String group, String assignors) {
        this.name = name;
        this.thread = new Thread(() -> run(bootstrap, topic, group, assignors), "java-member-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(String bootstrap, String topic, String group, String assignors) {
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignors,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500,
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 10_000))) {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    consumer.commitSync();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // Eager assignors: this is the whole new assignment.
                    assignment.set(partitions.stream().map(TopicPartition::partition).sorted().toList());
                }
            });
            long deadline = System.nanoTime() + Duration.ofMillis(GroupClientTests.MEMBER_TIMEOUT_MS).toNanos();
            while (!stopping && System.nanoTime() < deadline) {
                List<Handled> batch = new ArrayList<>();
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    batch.add(new Handled(r.partition(), r.offset(), r.key()));
                }
                if (!batch.isEmpty()) {
                    consumer.commitSync(Duration.ofSeconds(15));
                    handled.addAll(batch);
                }
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<List<Integer>> assignment() {
        return Optional.ofNullable(assignment.get());
    }

    @Override
    public List<Handled> handled() {
        return List.copyOf(handled);
    }

    @Override
    public String diagnostics() {
        return "java member: " + handled.size() + " records, assignment " + assignment.get() + ", failure "
                + failure.get();
    }

    /** Stops polling, commits, leaves the group; throws if the member failed. */
    void stop(Duration timeout) throws InterruptedException {
        stopping = true;
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError(name + " did not stop within " + timeout);
        }
        if (failure.get() != null) {
            throw new AssertionError(name + " failed", failure.get());
        }
    }
}
