package io.freshet.parallel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the handlers of one or more consumers did: per record processing (instance, key, sequence, thread), how
 * many handlers ran at once at most, and whether a record ever ran on two instances at the same time.
 */
final class Journal {

    record Processed(String instance, TopicPartition partition, long offset, String key, int seq, String thread) {
    }

    private final List<Processed> processed = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final Map<String, String> runningRecords = new ConcurrentHashMap<>();
    private final List<String> overlaps = new ArrayList<>();

    /** A handler for {@code instance}: journals the record, holding it "running" for {@code workMs}. */
    RecordHandler<String, String> handler(String instance, long workMs) {
        return record -> {
            String id = record.topic() + "-" + record.partition() + "@" + record.offset();
            String other = runningRecords.putIfAbsent(id, instance);
            if (other != null) {
                synchronized (this) {
                    overlaps.add(id + " on " + instance + " while on " + other);
                }
            }
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                if (workMs > 0) {
                    Thread.sleep(workMs);
                }
                add(instance, record);
            } finally {
                running.decrementAndGet();
                if (other == null) {
                    runningRecords.remove(id, instance);
                }
            }
        };
    }

    synchronized void add(String instance, ConsumerRecord<String, String> record) {
        processed.add(new Processed(instance, new TopicPartition(record.topic(), record.partition()),
                record.offset(), record.key(), Integer.parseInt(record.value()), Thread.currentThread().getName()));
    }

    synchronized List<Processed> processed() {
        return List.copyOf(processed);
    }

    synchronized List<String> overlaps() {
        return List.copyOf(overlaps);
    }

    int maxRunning() {
        return maxRunning.get();
    }

    synchronized Set<String> distinctRecords() {
        Set<String> ids = new HashSet<>();
        processed.forEach(p -> ids.add(p.partition() + "@" + p.offset()));
        return ids;
    }

    synchronized Set<Long> offsetsDone(TopicPartition partition) {
        Set<Long> out = new HashSet<>();
        processed.stream().filter(p -> p.partition().equals(partition)).forEach(p -> out.add(p.offset()));
        return out;
    }

    /**
     * Per instance and key, the sequence numbers in the order the instance first processed them; a key whose list
     * is not increasing ran out of order.
     */
    synchronized Map<String, List<Integer>> outOfOrder() {
        Map<String, List<Integer>> firstSeen = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Processed p : processed) {
            if (seen.add(p.instance() + "/" + p.key() + "/" + p.seq())) {
                firstSeen.computeIfAbsent(p.instance() + "/" + p.key(), k -> new ArrayList<>()).add(p.seq());
            }
        }
        Map<String, List<Integer>> bad = new LinkedHashMap<>();
        firstSeen.forEach((k, seqs) -> {
            for (int i = 1; i < seqs.size(); i++) {
                if (seqs.get(i) <= seqs.get(i - 1)) {
                    bad.put(k, seqs);
                    return;
                }
            }
        });
        return bad;
    }
}
