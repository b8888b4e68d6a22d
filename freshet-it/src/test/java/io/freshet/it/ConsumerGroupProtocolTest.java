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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

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
        try (RawKafkaConnection conn = RawKafkaConnection.open(freshet.bootstrapPort())) {
            ApiVersionsResponseData versions = conn.send(new ApiVersionsRequestData()
                .setClientSoftwareName("it").setClientSoftwareVersion("1"), (short) 3);
            assertThat(versions.apiKeys().find(ApiKeys.CONSUMER_GROUP_HEARTBEAT.id).maxVersion()).isEqualTo((short) 1);
            assertThat(versions.apiKeys().find(ApiKeys.CONSUMER_GROUP_DESCRIBE.id).maxVersion()).isEqualTo((short) 1);

            MetadataResponseData metadata = conn.send(new MetadataRequestData().setAllowAutoTopicCreation(true)
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName("kip848"))), (short) 12);
            Uuid topicId = metadata.topics().find("kip848").topicId();
            assertThat(topicId).isNotEqualTo(Uuid.ZERO_UUID);

            String memberId = Uuid.randomUuid().toString();
            ConsumerGroupHeartbeatResponseData joined = conn.send(new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g848").setMemberId(memberId).setMemberEpoch(0).setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(List.of("kip848")).setTopicPartitions(new ArrayList<>()), (short) 1);
            assertThat(joined.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(joined.memberEpoch()).isEqualTo(1);
            assertThat(joined.assignment().topicPartitions()).singleElement()
                .satisfies(t -> assertThat(t.topicId()).isEqualTo(topicId));

            ConsumerGroupDescribeResponseData described = conn.send(new ConsumerGroupDescribeRequestData()
                .setGroupIds(List.of("g848", "nope")), (short) 1);
            assertThat(described.groups().get(0).groupState()).isEqualTo("Stable");
            assertThat(described.groups().get(0).members()).singleElement()
                .satisfies(m -> assertThat(m.memberId()).isEqualTo(memberId));
            assertThat(described.groups().get(1).errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
        }
    }
}
