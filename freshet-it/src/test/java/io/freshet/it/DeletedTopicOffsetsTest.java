package io.freshet.it;

import io.freshet.testkit.FreshetExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deleted topic takes its committed offsets with it, as in Kafka: a topic created again under the same name
 * starts with no committed offsets, so its consumers follow auto.offset.reset instead of a stale position. Also
 * after a restart.
 */
@Timeout(60)
class DeletedTopicOffsetsTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    @Test
    void deletingATopicForgetsItsCommittedOffsetsInEveryGroup() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", FRESHET.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("short-lived", 2, (short) 1), new NewTopic("kept", 1, (short) 1)))
                .all().get();
            for (String group : List.of("g1", "g2")) {
                admin.alterConsumerGroupOffsets(group, Map.of(
                    new TopicPartition("short-lived", 0), new OffsetAndMetadata(0),
                    new TopicPartition("short-lived", 1), new OffsetAndMetadata(0),
                    new TopicPartition("kept", 0), new OffsetAndMetadata(0))).all().get();
            }
            assertThat(committed(admin, "g1")).hasSize(3);

            admin.deleteTopics(List.of("short-lived")).all().get();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(committed(admin, "g1")).containsOnlyKeys(new TopicPartition("kept", 0));
                assertThat(committed(admin, "g2")).containsOnlyKeys(new TopicPartition("kept", 0));
            });
            admin.createTopics(List.of(new NewTopic("short-lived", 2, (short) 1))).all().get();
            assertThat(committed(admin, "g1")).doesNotContainKey(new TopicPartition("short-lived", 0));
        }
        FRESHET.broker().restart();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", FRESHET.bootstrapServers()))) {
            assertThat(committed(admin, "g2")).containsOnlyKeys(new TopicPartition("kept", 0));
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        offsets.values().removeIf(java.util.Objects::isNull);
        return offsets;
    }
}
