package io.freshet.bench.mqtt;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records a Kafka topic holds (latest minus earliest offset, over its partitions), asked of Freshet's
 * Kafka listener with the Admin client: the check that what Freshet PUBACKed over MQTT is in the log.
 */
public final class LogCount {

    private LogCount() {
    }

    public static long records(String bootstrap, String topic) throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(15, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
            long latest = sum(admin, partitions);
            partitions.replaceAll((p, spec) -> OffsetSpec.earliest());
            return latest - sum(admin, partitions);
        }
    }

    private static long sum(Admin admin, Map<TopicPartition, OffsetSpec> partitions) throws Exception {
        return admin.listOffsets(partitions).all().get(15, TimeUnit.SECONDS).values().stream()
            .mapToLong(ListOffsetsResultInfo::offset).sum();
    }
}
