package io.freshet.it;

import io.freshet.testkit.FreshetExtension;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** KIP-848 over the wire: ApiVersions advertises it, a heartbeat names partitions by the ids Metadata gives. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsumerGroupProtocolTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass();

    @Test
    void aMemberJoinsAndIsAssignedByTopicId() throws Exception {
        String topic = UniqueNames.of("kip848");
        String group = UniqueNames.of("g848");
        // the group's coordinator: on a cluster the other brokers answer NOT_COORDINATOR
        try (RawKafkaConnection conn = RawKafkaConnection.openToCoordinator(freshet.bootstrapServers(), group)) {
            ApiVersionsResponseData versions = conn.send(new ApiVersionsRequestData()
                .setClientSoftwareName("it").setClientSoftwareVersion("1"), (short) 3);
            assertThat(versions.apiKeys().find(ApiKeys.CONSUMER_GROUP_HEARTBEAT.id).maxVersion()).isEqualTo((short) 1);
            assertThat(versions.apiKeys().find(ApiKeys.CONSUMER_GROUP_DESCRIBE.id).maxVersion()).isEqualTo((short) 1);

            Uuid topicId = autoCreatedTopicId(conn, topic);
            assertThat(topicId).isNotEqualTo(Uuid.ZERO_UUID);

            String memberId = Uuid.randomUuid().toString();
            ConsumerGroupHeartbeatResponseData joined = conn.send(new ConsumerGroupHeartbeatRequestData()
                .setGroupId(group).setMemberId(memberId).setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(List.of(topic)).setTopicPartitions(new ArrayList<>()), (short) 1);
            assertThat(joined.errorCode()).isEqualTo(Errors.NONE.code());
            // Freshet bumps the group epoch once for the join, Kafka also for the new subscription's metadata: the
            // number is the broker's, what holds everywhere is a positive epoch that comes with the assignment.
            assertThat(joined.memberEpoch()).isPositive();
            assertThat(joined.assignment().topicPartitions()).singleElement()
                .satisfies(t -> assertThat(t.topicId()).isEqualTo(topicId));

            String unknown = unknownGroupCoordinatedWith(group); // one request asks about both
            ConsumerGroupDescribeResponseData described = conn.send(new ConsumerGroupDescribeRequestData()
                .setGroupIds(List.of(group, unknown)), (short) 1);
            // One answer per group, in no promised order (Kafka answers the unknown group first).
            assertThat(described.groups()).hasSize(2);
            ConsumerGroupDescribeResponseData.DescribedGroup found = describedGroup(described, group);
            assertThat(found.groupState()).isEqualTo("Stable");
            assertThat(found.members()).singleElement()
                .satisfies(m -> assertThat(m.memberId()).isEqualTo(memberId));
            assertThat(describedGroup(described, unknown).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        }
    }

    /** A new group id that the coordinator of {@code group} coordinates too (every one does on one broker). */
    private String unknownGroupCoordinatedWith(String group) {
        java.net.InetSocketAddress coordinator = RawKafkaConnection.coordinatorOf(freshet.bootstrapServers(), group);
        for (int i = 0; i < 100; i++) {
            String unknown = UniqueNames.of("nope");
            if (RawKafkaConnection.coordinatorOf(freshet.bootstrapServers(), unknown).equals(coordinator)) {
                return unknown;
            }
        }
        throw new AssertionError("no group id of 100 coordinated by " + coordinator);
    }

    private static ConsumerGroupDescribeResponseData.DescribedGroup describedGroup(
            ConsumerGroupDescribeResponseData response, String group) {
        return response.groups().stream().filter(g -> g.groupId().equals(group)).findFirst()
            .orElseThrow(() -> new AssertionError("no answer for group " + group + " in " + response));
    }

    /**
     * The id of a topic that Metadata auto-creates. Freshet creates it within the request; Kafka answers
     * LEADER_NOT_AVAILABLE and the zero id until its controller has created the topic, so ask until it is there.
     */
    private static Uuid autoCreatedTopicId(RawKafkaConnection conn, String topic) {
        MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(true)
            .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic)));
        return Awaitility.await("topic " + topic + " created with an id").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> {
                MetadataResponseData.MetadataResponseTopic answer =
                    conn.<MetadataResponseData>send(request, (short) 12).topics().find(topic);
                return answer.errorCode() == Errors.NONE.code() ? answer.topicId() : Uuid.ZERO_UUID;
            }, id -> !id.equals(Uuid.ZERO_UUID));
    }
}
