package io.freshet.broker;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.*;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.freshet.broker.Requests.fetch;
import static io.freshet.broker.Requests.listOffsets;
import static io.freshet.broker.Requests.metadata;
import static io.freshet.broker.Requests.onlyPartition;
import static io.freshet.broker.Requests.produce;
import static io.freshet.broker.Requests.records;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every advertised version of every API gets a response that decodes at that version: generated {@code write()}
 * throws when a field is set that the version lacks, and that would close the connection instead.
 */
@Timeout(60)
class EveryVersionTest {

    @TempDir
    static Path dataDir;
    static FreshetBroker broker;
    static WireClient client;

    @BeforeAll
    static void start() throws IOException {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(),
            "group.initial.rebalance.delay.ms", "0")));
        client = new WireClient(broker.boundPort());
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        broker.close();
    }

    @Test
    void shouldAnswerApiVersionsMetadataProduceFetchAndListOffsetsAtEveryVersion() throws IOException {
        for (short v = 0; v <= 4; v++) {
            ApiVersionsResponseData response = client.call(new ApiVersionsRequestData()
                .setClientSoftwareName("every-version").setClientSoftwareVersion("1.0"), v);
            assertThat(response.errorCode()).as("ApiVersions v%d", v).isEqualTo(Errors.NONE.code());
        }
        for (short v = 0; v <= 12; v++) {
            MetadataResponseData response = client.call(metadata(true, "every"), v);
            assertThat(response.topics().find("every").partitions()).as("Metadata v%d", v).hasSize(1);
        }
        long expected = 0;
        for (short v = 3; v <= 12; v++) {
            ProduceResponseData response = client.call(produce("every", 0, (short) -1, records(v, "v" + v)), v);
            assertThat(onlyPartition(response).baseOffset()).as("Produce v%d", v).isEqualTo(expected++);
        }
        for (short v = 4; v <= 12; v++) {
            FetchResponseData response = client.call(fetch("every", 0, 0, 0, 0), v);
            assertThat(Requests.values(onlyPartition(response))).as("Fetch v%d", v).hasSize((int) expected);
        }
        for (short v = 1; v <= 7; v++) {
            ListOffsetsResponseData response = client.call(listOffsets("every", 0, -1), v);
            assertThat(response.topics().get(0).partitions().get(0).offset()).as("ListOffsets v%d", v)
                .isEqualTo(expected);
        }
    }

    @Test
    void shouldAnswerTopicAdministrationAtEveryVersion() throws IOException {
        for (short v = 2; v <= 7; v++) {
            CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(5_000);
            request.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("admin-v" + v)
                .setNumPartitions(1).setReplicationFactor((short) 1));
            CreateTopicsResponseData response = client.call(request, v);
            assertThat(response.topics().find("admin-v" + v).errorCode()).as("CreateTopics v%d", v)
                .isEqualTo(Errors.NONE.code());
        }
        for (short v = 0; v <= 3; v++) {
            CreatePartitionsRequestData request = new CreatePartitionsRequestData().setTimeoutMs(5_000);
            request.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("admin-v" + (v + 2))
                .setCount(2));
            CreatePartitionsResponseData response = client.call(request, v);
            assertThat(response.results().get(0).errorCode()).as("CreatePartitions v%d", v)
                .isEqualTo(Errors.NONE.code());
        }
        for (short v = 1; v <= 4; v++) {
            DescribeConfigsRequestData request = new DescribeConfigsRequestData().setIncludeSynonyms(true)
                .setIncludeDocumentation(v >= 3);
            request.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("admin-v2"));
            DescribeConfigsResponseData response = client.call(request, v);
            assertThat(response.results().get(0).configs()).as("DescribeConfigs v%d", v).isNotEmpty();
        }
        for (short v = 0; v <= 1; v++) {
            IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData();
            IncrementalAlterConfigsRequestData.AlterConfigsResource resource =
                new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("admin-v2");
            resource.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                .setConfigOperation((byte) 0).setValue("1000" + v));
            request.resources().add(resource);
            IncrementalAlterConfigsResponseData response = client.call(request, v);
            assertThat(response.responses().get(0).errorCode()).as("IncrementalAlterConfigs v%d", v)
                .isEqualTo(Errors.NONE.code());
        }
        client.call(produce("admin-v2", 0, (short) 1, records(1, "a", "b", "c")), (short) 9);
        for (short v = 0; v <= 2; v++) {
            DeleteRecordsRequestData request = new DeleteRecordsRequestData().setTimeoutMs(5_000);
            request.topics().add(new DeleteRecordsRequestData.DeleteRecordsTopic().setName("admin-v2")
                .setPartitions(new ArrayList<>(List.of(new DeleteRecordsRequestData.DeleteRecordsPartition()
                    .setPartitionIndex(0).setOffset(v + 1)))));
            DeleteRecordsResponseData response = client.call(request, v);
            assertThat(response.topics().find("admin-v2").partitions().find(0).lowWatermark())
                .as("DeleteRecords v%d", v).isEqualTo(v + 1);
        }
        for (short v = 0; v <= 5; v++) {
            InitProducerIdResponseData response = client.call(new InitProducerIdRequestData()
                .setTransactionalId(null).setTransactionTimeoutMs(1000), v);
            assertThat(response.errorCode()).as("InitProducerId v%d", v).isEqualTo(Errors.NONE.code());
        }
        for (short v = 1; v <= 6; v++) {
            DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(5_000);
            String name = "admin-v" + (v + 1);
            if (v >= 6) {
                request.topics().add(new DeleteTopicsRequestData.DeleteTopicState().setName(name));
            } else {
                request.setTopicNames(List.of(name));
            }
            DeleteTopicsResponseData response = client.call(request, v);
            assertThat(response.responses().iterator().next().errorCode()).as("DeleteTopics v%d", v)
                .isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void shouldRunAGroupThroughJoinSyncHeartbeatAndLeaveAtEveryVersion() throws IOException {
        for (short v = 0; v <= 6; v++) {
            FindCoordinatorRequestData request = new FindCoordinatorRequestData();
            if (v >= 4) {
                request.setCoordinatorKeys(List.of("g" + v));
            } else {
                request.setKey("g" + v);
            }
            FindCoordinatorResponseData response = client.call(request, v);
            int port = v >= 4 ? response.coordinators().get(0).port() : response.port();
            assertThat(port).as("FindCoordinator v%d", v).isEqualTo(broker.boundPort());
        }
        for (short v = 0; v <= 9; v++) {
            String group = "join-v" + v;
            JoinGroupRequestData join = new JoinGroupRequestData().setGroupId(group).setSessionTimeoutMs(10_000)
                .setRebalanceTimeoutMs(v >= 1 ? 10_000 : -1).setMemberId("").setProtocolType("consumer");
            join.protocols().add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName("range")
                .setMetadata(new byte[] {1}));
            JoinGroupResponseData joined = client.call(join, v);
            if (v >= 4) {
                assertThat(joined.errorCode()).as("JoinGroup v%d first round", v)
                    .isEqualTo(Errors.MEMBER_ID_REQUIRED.code());
                joined = client.call(join.setMemberId(joined.memberId()), v);
            }
            assertThat(joined.errorCode()).as("JoinGroup v%d", v).isEqualTo(Errors.NONE.code());
            assertThat(joined.generationId()).as("JoinGroup v%d", v).isEqualTo(1);
            String member = joined.memberId();
            short syncV = (short) Math.min(v, 5);
            SyncGroupRequestData sync = new SyncGroupRequestData().setGroupId(group).setMemberId(member)
                .setGenerationId(1).setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                    .setMemberId(member).setAssignment(new byte[] {7})));
            if (syncV >= 5) {
                sync.setProtocolType("consumer").setProtocolName("range");
            }
            assertThat(client.<SyncGroupResponseData>call(sync, syncV).assignment()).as("SyncGroup v%d", syncV)
                .containsExactly(7);
            short heartbeatV = (short) Math.min(v, 4);
            assertThat(client.<HeartbeatResponseData>call(new HeartbeatRequestData().setGroupId(group)
                .setMemberId(member).setGenerationId(1), heartbeatV).errorCode()).as("Heartbeat v%d", heartbeatV)
                .isEqualTo(Errors.NONE.code());
            short leaveV = (short) Math.min(v, 5);
            LeaveGroupRequestData leave = new LeaveGroupRequestData().setGroupId(group);
            if (leaveV >= 3) {
                leave.setMembers(List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId(member)));
            } else {
                leave.setMemberId(member);
            }
            assertThat(client.<LeaveGroupResponseData>call(leave, leaveV).errorCode()).as("LeaveGroup v%d", leaveV)
                .isEqualTo(Errors.NONE.code());
        }
        for (short v = 0; v <= 5; v++) {
            ListGroupsResponseData listed = client.call(new ListGroupsRequestData(), v);
            assertThat(listed.groups()).as("ListGroups v%d", v).extracting(ListGroupsResponseData.ListedGroup::groupId)
                .contains("join-v0", "join-v9");
        }
        for (short v = 0; v <= 6; v++) {
            DescribeGroupsResponseData described = client.call(new DescribeGroupsRequestData()
                .setGroups(List.of("join-v" + v)), v);
            assertThat(described.groups().get(0).groupState()).as("DescribeGroups v%d", v).isEqualTo("Empty");
        }
    }

    @Test
    void shouldCommitFetchAndDeleteOffsetsAtEveryVersion() throws IOException {
        client.call(produce("offsets", 0, (short) 1, records(1, "a")), (short) 9);
        for (short v = 2; v <= 9; v++) {
            OffsetCommitRequestData commit = new OffsetCommitRequestData().setGroupId("offsets-v" + v)
                .setGenerationIdOrMemberEpoch(-1).setMemberId("");
            commit.topics().add(new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("offsets")
                .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                    .setPartitionIndex(0).setCommittedOffset(v).setCommittedMetadata("m"))));
            OffsetCommitResponseData committed = client.call(commit, v);
            assertThat(committed.topics().get(0).partitions().get(0).errorCode()).as("OffsetCommit v%d", v)
                .isEqualTo(Errors.NONE.code());
        }
        for (short v = 1; v <= 9; v++) {
            String group = "offsets-v" + Math.max(2, v);
            long offset;
            if (v >= 8) {
                OffsetFetchResponseData fetched = client.call(new OffsetFetchRequestData().setGroups(List.of(
                    new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(group).setTopics(null))), v);
                offset = fetched.groups().get(0).topics().get(0).partitions().get(0).committedOffset();
            } else {
                OffsetFetchResponseData fetched = client.call(new OffsetFetchRequestData().setGroupId(group)
                    .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("offsets")
                        .setPartitionIndexes(List.of(0)))), v);
                offset = fetched.topics().get(0).partitions().get(0).committedOffset();
            }
            assertThat(offset).as("OffsetFetch v%d", v).isEqualTo(Math.max(2, v));
        }
        OffsetDeleteRequestData delete = new OffsetDeleteRequestData().setGroupId("offsets-v2");
        delete.topics().add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName("offsets")
            .setPartitions(List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
        OffsetDeleteResponseData deleted = client.call(delete, (short) 0);
        assertThat(deleted.topics().find("offsets").partitions().find(0).errorCode()).as("OffsetDelete v0")
            .isEqualTo(Errors.NONE.code());
        for (short v = 0; v <= 2; v++) {
            DeleteGroupsResponseData response = client.call(new DeleteGroupsRequestData()
                .setGroupsNames(List.of("offsets-v" + (v + 3))), v);
            assertThat(response.results().iterator().next().errorCode()).as("DeleteGroups v%d", v)
                .isEqualTo(Errors.NONE.code());
        }
    }
}
