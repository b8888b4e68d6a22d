package io.freshet.bench.scale;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Creates {@code topics x partitionsPerTopic} partitions with one Admin client, {@code batch} topics per
 * CreateTopics request, one request at a time, every wait bounded.
 */
final class PartitionCreator {

    private PartitionCreator() {
    }

    static String topic(String prefix, int i) {
        return String.format("%s%05d", prefix, i);
    }

    /** Returns once every CreateTopics answered; throws with the broker's error (or a timeout) otherwise. */
    static void create(String bootstrap, String prefix, int topics, int partitionsPerTopic, int batch,
                       long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 300_000))) {
            for (int from = 0; from < topics; from += batch) {
                List<NewTopic> newTopics = new ArrayList<>();
                for (int i = from; i < Math.min(topics, from + batch); i++) {
                    newTopics.add(new NewTopic(topic(prefix, i), partitionsPerTopic, (short) 1));
                }
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
                admin.createTopics(newTopics).all().get(left, TimeUnit.MILLISECONDS);
            }
        }
    }
}
