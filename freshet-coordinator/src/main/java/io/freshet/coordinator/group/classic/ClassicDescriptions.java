package io.freshet.coordinator.group.classic;

import io.freshet.coordinator.group.Group;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;

/** DescribeGroups' view of a classic group: state, protocol, members with their metadata and assignments. */
public final class ClassicDescriptions {

    private ClassicDescriptions() {
    }

    public static DescribedGroup describe(Group g) {
        ClassicGroup group = (ClassicGroup) g;
        DescribedGroup described = new DescribedGroup()
            .setGroupId(group.groupId())
            .setGroupState(group.stateName())
            .setProtocolType(group.protocolType())
            .setProtocolData(group.is(ClassicGroupState.STABLE) && group.protocolName() != null
                ? group.protocolName() : "");
        for (ClassicMember m : group.members()) {
            DescribedGroupMember member = new DescribedGroupMember()
                .setMemberId(m.memberId())
                .setGroupInstanceId(m.groupInstanceId())
                .setClientId(m.clientId())
                .setClientHost(m.clientHost());
            if (group.is(ClassicGroupState.STABLE)) {
                // Kafka shows metadata and assignments only when they belong to the current generation.
                member.setMemberMetadata(m.metadata(group.protocolName())).setMemberAssignment(m.assignment());
            }
            described.members().add(member);
        }
        return described;
    }

    /** A group that only has committed offsets (created by a commit from outside any group). */
    public static Group offsetsOnly(String groupId) {
        return new ClassicGroup(groupId);
    }
}
