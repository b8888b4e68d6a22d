package io.freshet.broker.handler;

import io.freshet.coordinator.group.GroupCoordinator;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.List;

/**
 * The consumer-group APIs and the versions advertised for them. Each is answered by the {@link GroupCoordinator}.
 * <ul>
 *   <li>JoinGroup 0-9, SyncGroup 0-5, Heartbeat 0-4, LeaveGroup 0-5: minimum 0, or librdkafka turns group
 *       consumption off. JoinGroup v4+ answers a new member MEMBER_ID_REQUIRED (KIP-394); v5+ static
 *       membership; LeaveGroup v3+ leaves several members at once.</li>
 *   <li>OffsetCommit 2-9 and OffsetFetch 1-9: v10 addresses topics by id, which Metadata does not serve yet.
 *       OffsetFetch v8+ asks for several groups; v9 names the member (KIP-848 groups check its epoch).</li>
 *   <li>ListGroups 0-5 (v4 filters by state, v5 by type), DescribeGroups 0-6 (v6: unknown group is
 *       GROUP_ID_NOT_FOUND instead of Dead), DeleteGroups 0-2, OffsetDelete 0.</li>
 *   <li>ConsumerGroupHeartbeat 0-1 and ConsumerGroupDescribe 0-1: the KIP-848 protocol (Java clients with
 *       {@code group.protocol=consumer}): join with epoch 0, heartbeat, leave with -1 (-2: a static member that
 *       will be back). v1: the client generates its member id (KIP-1082) and may subscribe by regex.</li>
 * </ul>
 */
final class GroupApis {

    private GroupApis() {
    }

    static List<ApiHandler<?, ?>> handlers(GroupCoordinator coordinator, CoordinatorAccess access) {
        return List.of(
            new GroupApiHandler<>(range(ApiKeys.JOIN_GROUP, 0, 9), access.joinGroup(), coordinator::joinGroup),
            new GroupApiHandler<>(range(ApiKeys.SYNC_GROUP, 0, 5), access.syncGroup(), coordinator::syncGroup),
            new GroupApiHandler<>(range(ApiKeys.HEARTBEAT, 0, 4), access.heartbeat(), coordinator::heartbeat),
            new GroupApiHandler<>(range(ApiKeys.LEAVE_GROUP, 0, 5), access.leaveGroup(), coordinator::leaveGroup),
            new GroupApiHandler<>(range(ApiKeys.OFFSET_COMMIT, 2, 9), access.offsetCommit(),
                coordinator::offsetCommit),
            new GroupApiHandler<>(range(ApiKeys.OFFSET_FETCH, 1, 9), access.offsetFetch(), coordinator::offsetFetch),
            new GroupApiHandler<>(range(ApiKeys.LIST_GROUPS, 0, 5), access.listGroups(), coordinator::listGroups),
            new GroupApiHandler<>(range(ApiKeys.DESCRIBE_GROUPS, 0, 6), access.describeGroups(),
                coordinator::describeGroups),
            new GroupApiHandler<>(range(ApiKeys.DELETE_GROUPS, 0, 2), access.deleteGroups(),
                coordinator::deleteGroups),
            new GroupApiHandler<>(range(ApiKeys.OFFSET_DELETE, 0, 0), access.offsetDelete(),
                coordinator::offsetDelete),
            new GroupApiHandler<>(range(ApiKeys.CONSUMER_GROUP_HEARTBEAT, 0, 1), access.consumerGroupHeartbeat(),
                coordinator::consumerGroupHeartbeat),
            new GroupApiHandler<>(range(ApiKeys.CONSUMER_GROUP_DESCRIBE, 0, 1), access.consumerGroupDescribe(),
                coordinator::consumerGroupDescribe));
    }

    private static ApiVersionRange range(ApiKeys key, int min, int max) {
        return new ApiVersionRange(key, min, max);
    }
}
