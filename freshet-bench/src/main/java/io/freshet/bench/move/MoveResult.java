package io.freshet.bench.move;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** What one move measured and checked; a failed check is a failure, and any failure fails the run. */
final class MoveResult {

    record GroupOutcome(long beforeSwitch, long handed, long distinct, long missing, List<Long> missingSample) {
        long duplicates() {
            return handed - distinct;
        }
    }

    record ConfigOutcome(Map<String, String> onFreshet, Map<String, String> onKafka, boolean arrived) {
    }

    private final MoveRecords records;
    private final Instant started;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Long> beforeSwitch = new LinkedHashMap<>();
    private final Map<String, GroupOutcome> groups = new LinkedHashMap<>();
    private final Map<String, ConfigOutcome> configs = new LinkedHashMap<>();
    private Map<String, String> mirrorSettings = Map.of();
    private double mirrorSeconds = Double.NaN;
    private double offsetSyncSeconds = Double.NaN;
    private boolean offsetsSynced;
    private Map<String, Long> offsetGaps = Map.of();
    private int copyOffsetsExit = -1;
    private double copyOffsetsSeconds = Double.NaN;
    private Map<String, Long> copyOffsetsGaps = Map.of();
    private List<String> topicsLeftOnFreshet = List.of();
    private long kafkaRecords = -1;
    private long kafkaDistinct = -1;
    private int partitionsIdentical = -1;
    private int partitionsCompared;

    MoveResult(MoveRecords records, Instant started) {
        this.records = records;
        this.started = started;
    }

    void fail(String failure) {
        failures.add(failure);
    }

    void mirrorSettings(Map<String, String> settings) {
        this.mirrorSettings = settings;
    }

    void mirrorSeconds(double seconds) {
        this.mirrorSeconds = seconds;
    }

    void beforeSwitch(String group, long handed) {
        beforeSwitch.put(group, handed);
    }

    void offsetSync(double seconds, boolean synced, Map<String, Long> gaps) {
        this.offsetSyncSeconds = seconds;
        this.offsetsSynced = synced;
        this.offsetGaps = gaps;
    }

    void copyOffsets(int exitCode, double seconds, Map<String, Long> gaps) {
        this.copyOffsetsExit = exitCode;
        this.copyOffsetsSeconds = seconds;
        this.copyOffsetsGaps = gaps;
        if (exitCode != 0 || gaps.values().stream().anyMatch(gap -> gap != 0)) {
            fail("freshet groups copy-offsets exited " + exitCode + "; offsets behind Freshet's on Kafka: " + gaps);
        }
    }

    void group(String group, long handed, long distinct, long missing, List<Long> missingSample) {
        groups.put(group, new GroupOutcome(beforeSwitch.getOrDefault(group, 0L), handed, distinct, missing,
            missingSample));
        if (missing > 0) {
            fail(group + " skipped " + missing + " records (e.g. ids " + missingSample + ")");
        }
    }

    /** Kafka's partitions against Freshet's: the same ids in the same order, each id once. */
    void logs(Map<TopicPartition, long[]> freshet, Map<TopicPartition, long[]> kafka) {
        BitSet seen = new BitSet((int) records.count());
        long total = 0;
        int identical = 0;
        for (long[] ids : kafka.values()) {
            for (long id : ids) {
                seen.set((int) id);
            }
            total += ids.length;
        }
        for (Map.Entry<TopicPartition, long[]> partition : freshet.entrySet()) {
            if (java.util.Arrays.equals(partition.getValue(), kafka.get(partition.getKey()))) {
                identical++;
            } else {
                fail(partition.getKey() + ": Kafka's records differ from Freshet's (" + partition.getValue().length
                    + " on Freshet, " + (kafka.get(partition.getKey()) == null ? "none"
                    : kafka.get(partition.getKey()).length) + " on Kafka)");
            }
        }
        this.kafkaRecords = total;
        this.kafkaDistinct = seen.cardinality();
        this.partitionsIdentical = identical;
        this.partitionsCompared = freshet.size();
        if (total != records.count() || kafkaDistinct != records.count()) {
            fail("Kafka holds " + total + " records, " + kafkaDistinct + " distinct, of " + records.count());
        }
    }

    /** Topics on Freshet besides the move's and the broker's own: what the move wrote to the cluster it leaves. */
    void topicsLeftOnFreshet(List<String> topics) {
        this.topicsLeftOnFreshet = topics;
    }

    List<String> topicsLeftOnFreshet() {
        return topicsLeftOnFreshet;
    }

    void configs(String topic, Map<String, String> onFreshet, Map<String, String> onKafka) {
        boolean arrived = onFreshet.entrySet().stream()
            .allMatch(e -> e.getValue().equals(onKafka.get(e.getKey())));
        configs.put(topic, new ConfigOutcome(onFreshet, onKafka, arrived));
        if (!arrived) {
            fail(topic + ": configs on Freshet " + onFreshet + " did not all arrive on Kafka " + onKafka);
        }
    }

    String summary() {
        return String.format("move: %,d records, mirrored in %.1f s; Kafka holds %,d (%,d distinct), %d of %d "
                + "partitions identical; groups %s; %s", records.count(), mirrorSeconds, kafkaRecords, kafkaDistinct,
            partitionsIdentical, partitionsCompared, groups, failures.isEmpty() ? "all checks passed"
                : failures.size() + " FAILED: " + failures);
    }

    MoveRecords records() {
        return records;
    }

    Instant started() {
        return started;
    }

    List<String> failures() {
        return failures;
    }

    Map<String, GroupOutcome> groups() {
        return groups;
    }

    Map<String, ConfigOutcome> configs() {
        return configs;
    }

    Map<String, String> mirrorSettings() {
        return mirrorSettings;
    }

    double mirrorSeconds() {
        return mirrorSeconds;
    }

    double offsetSyncSeconds() {
        return offsetSyncSeconds;
    }

    boolean offsetsSynced() {
        return offsetsSynced;
    }

    Map<String, Long> offsetGaps() {
        return offsetGaps;
    }

    int copyOffsetsExit() {
        return copyOffsetsExit;
    }

    double copyOffsetsSeconds() {
        return copyOffsetsSeconds;
    }

    Map<String, Long> copyOffsetsGaps() {
        return copyOffsetsGaps;
    }

    long kafkaRecords() {
        return kafkaRecords;
    }

    long kafkaDistinct() {
        return kafkaDistinct;
    }

    int partitionsIdentical() {
        return partitionsIdentical;
    }

    int partitionsCompared() {
        return partitionsCompared;
    }
}
