package io.freshet.coordinator.group.consumer;

import org.apache.kafka.common.errors.InvalidRegularExpression;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks a ConsumerGroupHeartbeat on its own, before any group state is looked at. */
final class HeartbeatValidator {

    static final int JOIN = 0;
    static final int LEAVE = -1;

    private HeartbeatValidator() {
    }

    /** Throws the ApiException to answer with (INVALID_REQUEST, UNSUPPORTED_ASSIGNOR, INVALID_REGULAR_EXPRESSION). */
    static void validate(ConsumerGroupHeartbeatRequestData request, short version, Assignors assignors) {
        require(request.groupId() != null && !request.groupId().isEmpty(), "GroupId can't be empty.");
        require(request.instanceId() == null || !request.instanceId().isEmpty(), "InstanceId can't be empty.");
        require(request.rackId() == null || !request.rackId().isEmpty(), "RackId can't be empty.");
        int epoch = request.memberEpoch();
        require(epoch >= ConsumerMember.LEFT_TEMPORARILY, "MemberEpoch " + epoch + " is invalid.");
        // v0: the coordinator names a joining member; from v1 (KIP-1082) the client always brings its own id.
        boolean idOptional = epoch == JOIN && version == 0;
        require(idOptional || (request.memberId() != null && !request.memberId().isEmpty()),
            "MemberId can't be empty.");
        if (epoch == JOIN) {
            require(request.rebalanceTimeoutMs() != -1, "RebalanceTimeoutMs must be provided in first request.");
            require(request.topicPartitions() == null || request.topicPartitions().isEmpty(),
                "TopicPartitions must be empty when (re-)joining.");
            require(request.subscribedTopicNames() != null || request.subscribedTopicRegex() != null,
                "SubscribedTopicNames or SubscribedTopicRegex must be set in first request.");
        }
        if (epoch == ConsumerMember.LEFT_TEMPORARILY) {
            require(request.instanceId() != null, "InstanceId can't be null for a static member leaving (epoch -2).");
        }
        if (request.serverAssignor() != null) {
            assignors.get(request.serverAssignor()); // UNSUPPORTED_ASSIGNOR when not enabled
        }
        if (request.subscribedTopicRegex() != null && !request.subscribedTopicRegex().isEmpty()) {
            try {
                Pattern.compile(request.subscribedTopicRegex());
            } catch (PatternSyntaxException e) {
                throw new InvalidRegularExpression("SubscribedTopicRegex " + request.subscribedTopicRegex()
                    + " is not a valid regular expression: " + e.getDescription());
            }
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidRequestException(message);
        }
    }
}
