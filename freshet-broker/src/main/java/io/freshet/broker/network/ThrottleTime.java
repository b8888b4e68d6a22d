package io.freshet.broker.network;

import org.apache.kafka.common.message.*;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Sets {@code throttle_time_ms} on a response body, for every API whose response has the field (generated from
 * kafka-clients 4.4's message definitions: each such field is either in every version or ignorable, so setting it
 * is safe at any version). A switch rather than reflection: it runs only for a throttled response, but should cost
 * nothing then either.
 */
final class ThrottleTime {

    private ThrottleTime() {
    }

    /** @return false when the API's response has no throttle_time_ms (the client is throttled by muting alone) */
    @SuppressWarnings("checkstyle:CyclomaticComplexity")
    static boolean set(ApiKeys apiKey, ApiMessage body, int ms) {
        switch (apiKey) {
            case PRODUCE -> ((ProduceResponseData) body).setThrottleTimeMs(ms);
            case FETCH -> ((FetchResponseData) body).setThrottleTimeMs(ms);
            case LIST_OFFSETS -> ((ListOffsetsResponseData) body).setThrottleTimeMs(ms);
            case METADATA -> ((MetadataResponseData) body).setThrottleTimeMs(ms);
            case OFFSET_COMMIT -> ((OffsetCommitResponseData) body).setThrottleTimeMs(ms);
            case OFFSET_FETCH -> ((OffsetFetchResponseData) body).setThrottleTimeMs(ms);
            case FIND_COORDINATOR -> ((FindCoordinatorResponseData) body).setThrottleTimeMs(ms);
            case JOIN_GROUP -> ((JoinGroupResponseData) body).setThrottleTimeMs(ms);
            case HEARTBEAT -> ((HeartbeatResponseData) body).setThrottleTimeMs(ms);
            case LEAVE_GROUP -> ((LeaveGroupResponseData) body).setThrottleTimeMs(ms);
            case SYNC_GROUP -> ((SyncGroupResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_GROUPS -> ((DescribeGroupsResponseData) body).setThrottleTimeMs(ms);
            case LIST_GROUPS -> ((ListGroupsResponseData) body).setThrottleTimeMs(ms);
            case API_VERSIONS -> ((ApiVersionsResponseData) body).setThrottleTimeMs(ms);
            case CREATE_TOPICS -> ((CreateTopicsResponseData) body).setThrottleTimeMs(ms);
            case DELETE_TOPICS -> ((DeleteTopicsResponseData) body).setThrottleTimeMs(ms);
            case DELETE_RECORDS -> ((DeleteRecordsResponseData) body).setThrottleTimeMs(ms);
            case INIT_PRODUCER_ID -> ((InitProducerIdResponseData) body).setThrottleTimeMs(ms);
            case OFFSET_FOR_LEADER_EPOCH -> ((OffsetForLeaderEpochResponseData) body).setThrottleTimeMs(ms);
            case ADD_PARTITIONS_TO_TXN -> ((AddPartitionsToTxnResponseData) body).setThrottleTimeMs(ms);
            case ADD_OFFSETS_TO_TXN -> ((AddOffsetsToTxnResponseData) body).setThrottleTimeMs(ms);
            case END_TXN -> ((EndTxnResponseData) body).setThrottleTimeMs(ms);
            case TXN_OFFSET_COMMIT -> ((TxnOffsetCommitResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_ACLS -> ((DescribeAclsResponseData) body).setThrottleTimeMs(ms);
            case CREATE_ACLS -> ((CreateAclsResponseData) body).setThrottleTimeMs(ms);
            case DELETE_ACLS -> ((DeleteAclsResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_CONFIGS -> ((DescribeConfigsResponseData) body).setThrottleTimeMs(ms);
            case ALTER_CONFIGS -> ((AlterConfigsResponseData) body).setThrottleTimeMs(ms);
            case ALTER_REPLICA_LOG_DIRS -> ((AlterReplicaLogDirsResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_LOG_DIRS -> ((DescribeLogDirsResponseData) body).setThrottleTimeMs(ms);
            case CREATE_PARTITIONS -> ((CreatePartitionsResponseData) body).setThrottleTimeMs(ms);
            case CREATE_DELEGATION_TOKEN -> ((CreateDelegationTokenResponseData) body).setThrottleTimeMs(ms);
            case RENEW_DELEGATION_TOKEN -> ((RenewDelegationTokenResponseData) body).setThrottleTimeMs(ms);
            case EXPIRE_DELEGATION_TOKEN -> ((ExpireDelegationTokenResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_DELEGATION_TOKEN -> ((DescribeDelegationTokenResponseData) body).setThrottleTimeMs(ms);
            case DELETE_GROUPS -> ((DeleteGroupsResponseData) body).setThrottleTimeMs(ms);
            case ELECT_LEADERS -> ((ElectLeadersResponseData) body).setThrottleTimeMs(ms);
            case INCREMENTAL_ALTER_CONFIGS -> ((IncrementalAlterConfigsResponseData) body).setThrottleTimeMs(ms);
            case ALTER_PARTITION_REASSIGNMENTS -> ((AlterPartitionReassignmentsResponseData) body).setThrottleTimeMs(ms);
            case LIST_PARTITION_REASSIGNMENTS -> ((ListPartitionReassignmentsResponseData) body).setThrottleTimeMs(ms);
            case OFFSET_DELETE -> ((OffsetDeleteResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_CLIENT_QUOTAS -> ((DescribeClientQuotasResponseData) body).setThrottleTimeMs(ms);
            case ALTER_CLIENT_QUOTAS -> ((AlterClientQuotasResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_USER_SCRAM_CREDENTIALS -> ((DescribeUserScramCredentialsResponseData) body).setThrottleTimeMs(ms);
            case ALTER_USER_SCRAM_CREDENTIALS -> ((AlterUserScramCredentialsResponseData) body).setThrottleTimeMs(ms);
            case ALTER_PARTITION -> ((AlterPartitionResponseData) body).setThrottleTimeMs(ms);
            case UPDATE_FEATURES -> ((UpdateFeaturesResponseData) body).setThrottleTimeMs(ms);
            case FETCH_SNAPSHOT -> ((FetchSnapshotResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_CLUSTER -> ((DescribeClusterResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_PRODUCERS -> ((DescribeProducersResponseData) body).setThrottleTimeMs(ms);
            case BROKER_REGISTRATION -> ((BrokerRegistrationResponseData) body).setThrottleTimeMs(ms);
            case BROKER_HEARTBEAT -> ((BrokerHeartbeatResponseData) body).setThrottleTimeMs(ms);
            case UNREGISTER_BROKER -> ((UnregisterBrokerResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_TRANSACTIONS -> ((DescribeTransactionsResponseData) body).setThrottleTimeMs(ms);
            case LIST_TRANSACTIONS -> ((ListTransactionsResponseData) body).setThrottleTimeMs(ms);
            case ALLOCATE_PRODUCER_IDS -> ((AllocateProducerIdsResponseData) body).setThrottleTimeMs(ms);
            case CONSUMER_GROUP_HEARTBEAT -> ((ConsumerGroupHeartbeatResponseData) body).setThrottleTimeMs(ms);
            case CONSUMER_GROUP_DESCRIBE -> ((ConsumerGroupDescribeResponseData) body).setThrottleTimeMs(ms);
            case CONTROLLER_REGISTRATION -> ((ControllerRegistrationResponseData) body).setThrottleTimeMs(ms);
            case GET_TELEMETRY_SUBSCRIPTIONS -> ((GetTelemetrySubscriptionsResponseData) body).setThrottleTimeMs(ms);
            case PUSH_TELEMETRY -> ((PushTelemetryResponseData) body).setThrottleTimeMs(ms);
            case ASSIGN_REPLICAS_TO_DIRS -> ((AssignReplicasToDirsResponseData) body).setThrottleTimeMs(ms);
            case LIST_CONFIG_RESOURCES -> ((ListConfigResourcesResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_TOPIC_PARTITIONS -> ((DescribeTopicPartitionsResponseData) body).setThrottleTimeMs(ms);
            case SHARE_GROUP_HEARTBEAT -> ((ShareGroupHeartbeatResponseData) body).setThrottleTimeMs(ms);
            case SHARE_GROUP_DESCRIBE -> ((ShareGroupDescribeResponseData) body).setThrottleTimeMs(ms);
            case SHARE_FETCH -> ((ShareFetchResponseData) body).setThrottleTimeMs(ms);
            case SHARE_ACKNOWLEDGE -> ((ShareAcknowledgeResponseData) body).setThrottleTimeMs(ms);
            case ADD_RAFT_VOTER -> ((AddRaftVoterResponseData) body).setThrottleTimeMs(ms);
            case REMOVE_RAFT_VOTER -> ((RemoveRaftVoterResponseData) body).setThrottleTimeMs(ms);
            case UPDATE_RAFT_VOTER -> ((UpdateRaftVoterResponseData) body).setThrottleTimeMs(ms);
            case STREAMS_GROUP_HEARTBEAT -> ((StreamsGroupHeartbeatResponseData) body).setThrottleTimeMs(ms);
            case STREAMS_GROUP_DESCRIBE -> ((StreamsGroupDescribeResponseData) body).setThrottleTimeMs(ms);
            case DESCRIBE_SHARE_GROUP_OFFSETS -> ((DescribeShareGroupOffsetsResponseData) body).setThrottleTimeMs(ms);
            case ALTER_SHARE_GROUP_OFFSETS -> ((AlterShareGroupOffsetsResponseData) body).setThrottleTimeMs(ms);
            case DELETE_SHARE_GROUP_OFFSETS -> ((DeleteShareGroupOffsetsResponseData) body).setThrottleTimeMs(ms);
            case STREAMS_GROUP_TOPOLOGY_DESCRIPTION_UPDATE -> ((StreamsGroupTopologyDescriptionUpdateResponseData) body).setThrottleTimeMs(ms);
            case UNREGISTER_CONTROLLER -> ((UnregisterControllerResponseData) body).setThrottleTimeMs(ms);
            default -> {
                return false;
            }
        }
        return true;
    }
}
