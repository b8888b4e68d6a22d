package io.freshet.bench.sql;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a query has got through its pre-loaded input, as the broker sees it: the consumer group's committed
 * offsets on the input topic (a Kafka Streams app's group is its application.id), polled every
 * {@value #POLL_MILLIS} ms until they reach the end offsets. Records/s is taken between the first poll that saw a
 * commit and the one that saw the end, so the app's start-up and first rebalance are not in it (they are reported
 * apart as "start to first commit"). The same for a hand-written app and a SQL query: neither is asked anything.
 */
final class GroupProgress {

    static final int POLL_MILLIS = 100;

    /**
     * @param committedAtFirst the sum of committed offsets at the first poll that saw any
     * @param firstCommitS     seconds from the start to that poll
     * @param caughtUpS        seconds from the start to the poll that saw the end
     */
    record Result(String groupId, long records, long committedAtFirst, double firstCommitS, double caughtUpS) {

        /** Steady rate; the whole span if the first commit already covered everything (too few records). */
        double recordsPerSecond() {
            double seconds = caughtUpS - firstCommitS;
            long counted = records - committedAtFirst;
            return counted > 0 && seconds > 0 ? counted / seconds : records / caughtUpS;
        }
    }

    private GroupProgress() {
    }

    /**
     * Waits, from {@code startNanos}, until a group that {@code group} accepts has committed the end of every
     * partition of {@code topic}. {@code healthy} is called on every poll and throws if the app died.
     */
    static Result await(String bootstrap, Predicate<String> group, String topic, int partitions, long startNanos,
                        Duration timeout, Runnable healthy) throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
            long deadline = startNanos + timeout.toNanos();
            String groupId = null;
            long committedAtFirst = -1;
            double firstCommitS = 0;
            long committed = 0;
            while (System.nanoTime() < deadline) {
                healthy.run();
                if (groupId == null) {
                    groupId = find(admin, group).orElse(null);
                }
                if (groupId != null) {
                    committed = committed(admin, groupId, topic);
                    long now = System.nanoTime();
                    if (committed > 0 && committedAtFirst < 0) {
                        committedAtFirst = committed;
                        firstCommitS = (now - startNanos) / 1e9;
                    }
                    if (committed >= end) {
                        return new Result(groupId, end, committedAtFirst, firstCommitS, (now - startNanos) / 1e9);
                    }
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            throw new IllegalStateException("group " + groupId + " committed " + committed + " of " + end
                + " offsets of " + topic + " within " + timeout.toSeconds() + " s");
        }
    }

    private static Optional<String> find(Admin admin, Predicate<String> group) throws Exception {
        return admin.listGroups().all().get(10, TimeUnit.SECONDS).stream().map(GroupListing::groupId)
            .filter(group).findFirst();
    }

    private static long committed(Admin admin, String groupId, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
    }

    static List<TopicPartition> partitions(String topic, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }
}
