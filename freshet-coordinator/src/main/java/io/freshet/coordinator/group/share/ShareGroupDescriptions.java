package io.freshet.coordinator.group.share;

import io.freshet.coordinator.group.PartitionMaps;

import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupKey;
import io.freshet.coordinator.group.GroupValue;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData;
import org.apache.kafka.common.message.ShareGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ShareGroupDescribe, from the committed view: while a change of the group is being written, the group is described
 * as its last durable record says. An unknown id, or a group of another type, is GROUP_ID_NOT_FOUND with Kafka's
 * messages. Coordinator thread only.
 */
final class ShareGroupDescriptions {

    private final GroupContext context;

    ShareGroupDescriptions(GroupContext context) {
        this.context = context;
    }

    DescribedGroup describe(String groupId) {
        DescribedGroup described = new DescribedGroup().setGroupId(groupId);
        GroupKey key = new GroupKey(groupId);
        Object committed = context.committed().keysInFlight().contains(key)
            ? context.committed().committedValue(key) : context.groups().get(groupId).orElse(null);
        ShareGroup group = committed instanceof GroupValue.Share value ? ShareGroup.fromValue(groupId, value)
            : committed instanceof ShareGroup live ? live : null;
        if (group == null) {
            return described.setGroupState("Dead").setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                .setErrorMessage(committed == null ? "Group " + groupId + " not found."
                    : "Group " + groupId + " is not a share group.");
        }
        described.setGroupState(group.stateName())
            .setGroupEpoch(group.groupEpoch)
            .setAssignmentEpoch(group.assignmentEpoch)
            .setAssignorName(SimpleAssignor.NAME);
        for (ShareMember m : group.members()) {
            described.members().add(new ShareGroupDescribeResponseData.Member()
                .setMemberId(m.memberId())
                .setRackId(m.rackId)
                .setMemberEpoch(m.memberEpoch)
                .setClientId(m.clientId)
                .setClientHost(m.clientHost)
                .setSubscribedTopicNames(new ArrayList<>(m.subscribedTopicNames))
                .setAssignment(assignment(m.assigned)));
        }
        return described;
    }

    private ShareGroupDescribeResponseData.Assignment assignment(Set<TopicPartition> partitions) {
        List<ShareGroupDescribeResponseData.TopicPartitions> list = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : PartitionMaps.toMap(partitions).entrySet()) {
            list.add(new ShareGroupDescribeResponseData.TopicPartitions()
                .setTopicId(context.topics().topicId(e.getKey()).orElse(Uuid.ZERO_UUID)).setTopicName(e.getKey())
                .setPartitions(e.getValue()));
        }
        return new ShareGroupDescribeResponseData.Assignment().setTopicPartitions(list);
    }
}
