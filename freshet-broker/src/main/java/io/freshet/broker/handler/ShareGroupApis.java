package io.freshet.broker.handler;

import io.freshet.broker.metadata.TopicController;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.share.ShareStates;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.List;

/**
 * The share-group APIs a client or Admin uses besides ShareFetch/ShareAcknowledge, at the versions kafka-clients 4.4
 * sends:
 * <ul>
 *   <li>ShareGroupHeartbeat 1 and ShareGroupDescribe 1 (v0 was the early-access protocol, which 4.4 no longer
 *       speaks): membership, answered by the {@link GroupCoordinator}.</li>
 *   <li>DescribeShareGroupOffsets 0-1 (v1 adds the lag), AlterShareGroupOffsets 0, DeleteShareGroupOffsets 0: the
 *       share-partition start offsets, kept by the share coordinator ({@link ShareStates}); altering and deleting
 *       need an empty group.</li>
 * </ul>
 */
final class ShareGroupApis {

    private ShareGroupApis() {
    }

    static List<ApiHandler<?, ?>> handlers(GroupCoordinator groups, ShareStates states, TopicController topics,
                                           CoordinatorAccess access) {
        ShareGroupOffsets offsets = new ShareGroupOffsets(groups, states, topics);
        return List.of(
            new GroupApiHandler<>(new ApiVersionRange(ApiKeys.SHARE_GROUP_HEARTBEAT, 1, 1),
                access.shareGroupHeartbeat(), groups::shareGroupHeartbeat),
            new GroupApiHandler<>(new ApiVersionRange(ApiKeys.SHARE_GROUP_DESCRIBE, 1, 1),
                access.shareGroupDescribe(), groups::shareGroupDescribe),
            new GroupApiHandler<>(new ApiVersionRange(ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS, 0, 1),
                access.describeShareGroupOffsets(), offsets::describe),
            new GroupApiHandler<>(new ApiVersionRange(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, 0, 0),
                access.alterShareGroupOffsets(), offsets::alter),
            new GroupApiHandler<>(new ApiVersionRange(ApiKeys.DELETE_SHARE_GROUP_OFFSETS, 0, 0),
                access.deleteShareGroupOffsets(), offsets::delete));
    }
}
