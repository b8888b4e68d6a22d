package io.freshet.broker.handler;

import io.freshet.coordinator.GroupCoordinator;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;

/**
 * ConsumerGroupHeartbeat (key 68), versions 0-1: the KIP-848 consumer group protocol (Java clients with
 * {@code group.protocol=consumer}). Join (epoch 0), heartbeat, leave (-1, or -2 for a static member coming back).
 * <ul>
 *   <li>v1: subscribedTopicRegex; the client always generates its member id (KIP-1082).</li>
 * </ul>
 * The group coordinator answers once the group's new state is durable.
 */
final class ConsumerGroupHeartbeatHandler
    implements ApiHandler<ConsumerGroupHeartbeatRequestData, ConsumerGroupHeartbeatResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.CONSUMER_GROUP_HEARTBEAT, 0, 1);

    private final GroupCoordinator coordinator;

    ConsumerGroupHeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<ConsumerGroupHeartbeatResponseData> handle(RequestContext context,
                                                                        ConsumerGroupHeartbeatRequestData request) {
        return coordinator.consumerGroupHeartbeat(ClientInfos.of(context), request);
    }
}
