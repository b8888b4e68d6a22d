package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.group.GroupContext;
import io.freshet.coordinator.group.GroupKey;
import io.freshet.coordinator.group.GroupValue;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;

/**
 * ConsumerGroupDescribe, from the committed view: while a change of the group is being written, the group is
 * described as its last durable record says, so an answer never shows members or epochs a failed write would take
 * back. Coordinator thread only.
 */
final class ConsumerGroupDescriptions {

    private final GroupContext context;
    private final Assignors assignors;
    private final TopicIds topicIds;

    ConsumerGroupDescriptions(GroupContext context, Assignors assignors, TopicIds topicIds) {
        this.context = context;
        this.assignors = assignors;
        this.topicIds = topicIds;
    }

    DescribedGroup describe(String groupId) {
        DescribedGroup described = new DescribedGroup().setGroupId(groupId);
        GroupKey key = new GroupKey(groupId);
        Object committed = context.committed().keysInFlight().contains(key)
            ? context.committed().committedValue(key) : context.groups().get(groupId).orElse(null);
        ConsumerGroup group = committed instanceof GroupValue.Consumer value ? ConsumerGroup.fromValue(groupId, value)
            : committed instanceof ConsumerGroup live ? live : null;
        if (group == null) {
            // The Admin client falls back to DescribeGroups on this error (classic groups).
            return described.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage(committed == null
                ? "Group " + groupId + " not found." : "Group " + groupId + " is not a consumer group.");
        }
        described.setGroupState(group.stateName())
            .setGroupEpoch(group.groupEpoch)
            .setAssignmentEpoch(group.assignmentEpoch)
            .setAssignorName(assignors.get(group.preferredAssignor(assignors.names())).name());
        for (ConsumerMember m : group.members()) {
            described.members().add(new ConsumerGroupDescribeResponseData.Member()
                .setMemberId(m.memberId())
                .setInstanceId(m.instanceId())
                .setRackId(m.rackId)
                .setMemberEpoch(m.memberEpoch)
                .setClientId(m.clientId)
                .setClientHost(m.clientHost)
                .setSubscribedTopicNames(new ArrayList<>(m.subscribedTopicNames))
                .setSubscribedTopicRegex(m.subscribedTopicRegex)
                .setAssignment(topicIds.describeAssignment(m.assigned))
                .setTargetAssignment(topicIds.describeAssignment(m.target))
                .setMemberType((byte) 1));
        }
        return described;
    }
}
