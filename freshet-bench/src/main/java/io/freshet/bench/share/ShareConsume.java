package io.freshet.bench.share;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One case: a fresh share group (share.auto.offset.reset=earliest, set through Admin before anyone joins) of
 * {@code members} KafkaShareConsumers, each on its own thread, implicit acknowledgement and the client's defaults,
 * drains a pre-filled topic. Throughput counts from the group's first record to the moment every offset has been
 * delivered (each offset counted once; a record delivered again is counted as a redelivery, not as progress).
 */
final class ShareConsume {

    /**
     * @param seconds          first record to the last offset; joinSeconds consumers created to the first record
     * @param againBeforeLast  records delivered again before the last new one (the rest came while the drain ended)
     */
    record Result(long records, long deliveries, long againBeforeLast, double seconds, double joinSeconds) {
        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private final String bootstrap;
    private final String topic;
    private final long records;
    private final BitSet[] seen;
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong againBeforeLast = new AtomicLong();
    private final AtomicLong firstAt = new AtomicLong();
    private final AtomicLong lastAt = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean done;

    private ShareConsume(String bootstrap, String topic, int partitions, long records) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.records = records;
        this.seen = new BitSet[partitions];
        for (int p = 0; p < partitions; p++) {
            seen[p] = new BitSet();
        }
    }

    static Result run(String bootstrap, String topic, int partitions, long records, String group, int members,
                      Duration timeout) throws Exception {
        return new ShareConsume(bootstrap, topic, partitions, records).drain(group, members, timeout);
    }

    private Result drain(String group, int members, Duration timeout) throws Exception {
        fromEarliest(group);
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            KafkaShareConsumer<byte[], byte[]> consumer = new KafkaShareConsumer<>(config(group, group + "-" + i));
            consumer.subscribe(List.of(topic));
            Thread thread = new Thread(() -> consume(consumer), group + "-" + i);
            thread.start();
            threads.add(thread);
        }
        long deadline = started + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        done = true;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a share consumer failed", failure.get());
        }
        if (distinct.get() < records) {
            throw new IllegalStateException(String.format("%s: %,d of %,d records delivered within %s (%,d"
                + " deliveries)", group, distinct.get(), records, timeout, deliveries.get()));
        }
        return new Result(records, deliveries.get(), againBeforeLast.get(), (lastAt.get() - firstAt.get()) / 1e9,
            (firstAt.get() - started) / 1e9);
    }

    private void consume(KafkaShareConsumer<byte[], byte[]> consumer) {
        try (consumer) {
            while (!done) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (batch.isEmpty()) {
                    continue;
                }
                firstAt.compareAndSet(0, System.nanoTime());
                deliveries.addAndGet(batch.count());
                for (TopicPartition tp : batch.partitions()) {
                    count(tp.partition(), batch.records(tp));
                }
                if (distinct.get() >= records) {
                    lastAt.compareAndSet(0, System.nanoTime());
                    done = true;
                }
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            done = true;
        }
    }

    private void count(int partition, List<? extends org.apache.kafka.clients.consumer.ConsumerRecord<?, ?>> batch) {
        BitSet bits = seen[partition];
        int added = 0;
        synchronized (bits) {
            for (var r : batch) {
                int offset = Math.toIntExact(r.offset());
                if (!bits.get(offset)) {
                    bits.set(offset);
                    added++;
                }
            }
        }
        distinct.addAndGet(added);
        if (lastAt.get() == 0) {
            againBeforeLast.addAndGet(batch.size() - added);
        }
    }

    private Map<String, Object> config(String group, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "implicit");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private void fromEarliest(String group) throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                    List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                        AlterConfigOp.OpType.SET))))
                .all().get(30, TimeUnit.SECONDS);
        }
    }
}
