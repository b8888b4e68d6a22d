package io.freshet.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Sends 0, 1, 2, ... at a steady rate with an acks=all idempotent producer (the 4.x client's defaults): the key is
 * the sequence number, the value the sequence number followed by {@code padding} bytes. Records which sends were
 * acknowledged; a producer whose send failed is replaced (its idempotent session is over). {@link #problems} checks a
 * read-back of the topic against what was acknowledged: nothing lost, nothing twice, order kept per partition.
 */
final class NumberedStream implements Runnable {

    private static final int ACKED = 2;
    private static final int FAILED = 3;

    private final String bootstrap;
    private final String topic;
    private final int recordsPerSecond;
    private final String padding;
    private final Map<String, Object> producerConfig;
    private final AtomicIntegerArray state;
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile boolean stopped;
    private volatile boolean recreate;
    private volatile int next;
    private long nextDue;

    NumberedStream(String bootstrap, String topic, int maxRecords, int recordsPerSecond, int padding,
                   Map<String, Object> producerConfig) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.recordsPerSecond = recordsPerSecond;
        this.padding = padding == 0 ? "" : "|" + "x".repeat(padding - 1);
        this.producerConfig = Map.copyOf(producerConfig);
        this.state = new AtomicIntegerArray(maxRecords);
    }

    @Override
    public void run() {
        KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap, producerConfig);
        nextDue = System.nanoTime();
        try {
            while (!stopped && next < state.length()) {
                if (recreate) {
                    producer.close(Duration.ZERO);
                    producer = KafkaClients.producer(bootstrap, producerConfig);
                    generation.incrementAndGet();
                    recreate = false;
                }
                pace();
                send(producer, next++);
            }
        } finally {
            producer.close(Duration.ofSeconds(60));
        }
    }

    private void send(KafkaProducer<String, String> producer, int seq) {
        int myGeneration = generation.get();
        String key = Integer.toString(seq);
        try {
            producer.send(new ProducerRecord<>(topic, key, key + padding), (md, e) -> {
                if (e == null) {
                    state.set(seq, ACKED);
                } else {
                    state.set(seq, FAILED);
                    failed.incrementAndGet();
                    if (generation.get() == myGeneration) {
                        recreate = true;
                    }
                }
            });
        } catch (KafkaException e) {
            state.set(seq, FAILED);
            failed.incrementAndGet();
            recreate = true;
        }
    }

    /** Steady rate without catching up after a stall, so that a fault always lands in a running stream. */
    private void pace() {
        long now = System.nanoTime();
        nextDue = Math.max(nextDue + 1_000_000_000L / recordsPerSecond, now - 100_000_000L);
        long ahead = nextDue - now;
        if (ahead > 1_000_000) {
            try {
                Thread.sleep(ahead / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    BitSet acked() {
        BitSet out = new BitSet();
        int limit = next;
        for (int i = 0; i < limit; i++) {
            if (state.get(i) == ACKED) {
                out.set(i);
            }
        }
        return out;
    }

    int ackedCount() {
        return acked().cardinality();
    }

    int sent() {
        return next;
    }

    int failed() {
        return failed.get();
    }

    int producers() {
        return generation.get() + 1;
    }

    void stop() {
        stopped = true;
    }

    /** The sequence number a record of a stream carries. */
    static int sequenceOf(ConsumerRecord<String, String> record) {
        return Integer.parseInt(record.key());
    }

    /**
     * What is wrong with {@code all} (a topic read from the start) given what was acknowledged: a value that does
     * not match its key, a sequence number twice, one out of order within its partition, an acknowledged one
     * missing. Empty when all is well; {@code present} receives every sequence number read.
     */
    static List<String> problems(List<ConsumerRecord<String, String>> all, BitSet acked, BitSet present) {
        Map<Integer, Integer> lastInPartition = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ConsumerRecord<String, String> r : all) {
            int seq = sequenceOf(r);
            if (!r.value().startsWith(r.key()) || !r.value().substring(r.key().length()).matches("(\\|x*)?")) {
                problems.add("key " + r.key() + " with another value at " + r.partition() + "@" + r.offset());
            }
            if (present.get(seq)) {
                problems.add("duplicate " + seq + " at " + r.partition() + "@" + r.offset());
            }
            present.set(seq);
            Integer previous = lastInPartition.put(r.partition(), seq);
            if (previous != null && previous >= seq) {
                problems.add("out of order in partition " + r.partition() + ": " + seq + " after " + previous
                        + " at offset " + r.offset());
            }
        }
        BitSet lost = (BitSet) acked.clone();
        lost.andNot(present);
        if (!lost.isEmpty()) {
            problems.add(lost.cardinality() + " acknowledged records lost, first "
                    + lost.stream().limit(20).boxed().toList());
        }
        return problems;
    }
}
