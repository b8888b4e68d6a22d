package io.freshet.coordinator.group.classic;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Builds JoinGroup and SyncGroup answers. Fields a version lacks are ignorable in kafka-clients' messages, so one
 * builder serves every version.
 */
final class ClassicJoinResponses {

    JoinGroupResponseData joinError(Errors error, String memberId) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setGenerationId(-1)
            .setMemberId(memberId == null ? "" : memberId).setLeader("").setProtocolName(null);
    }

    /** The answer of the current generation: the leader also gets every member's metadata for the protocol. */
    JoinGroupResponseData joinResponse(ClassicGroup group, ClassicMember member) {
        JoinGroupResponseData response = new JoinGroupResponseData()
            .setGenerationId(group.generation())
            .setProtocolType(group.protocolType())
            .setProtocolName(group.protocolName())
            .setLeader(group.leaderId())
            .setMemberId(member.memberId());
        if (group.isLeader(member.memberId())) {
            for (ClassicMember m : group.members()) {
                response.members().add(new JoinGroupResponseData.JoinGroupResponseMember()
                    .setMemberId(m.memberId())
                    .setGroupInstanceId(m.groupInstanceId())
                    .setMetadata(m.metadata(group.protocolName())));
            }
        }
        return response;
    }

    SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }

    SyncGroupResponseData syncResponse(ClassicGroup group, ClassicMember member) {
        return new SyncGroupResponseData()
            .setProtocolType(group.protocolType())
            .setProtocolName(group.protocolName())
            .setAssignment(member.assignment());
    }
}
