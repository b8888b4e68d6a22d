package io.freshet.broker.handler;

import io.freshet.coordinator.GroupCoordinator;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import java.util.concurrent.CompletableFuture;

/**
 * ConsumerGroupDescribe (key 69), versions 0-1: members, assignments and target assignments of KIP-848 groups.
 * <ul>
 *   <li>v1: memberType per member (KIP-1099).</li>
 * </ul>
 * Classic and unknown groups are GROUP_ID_NOT_FOUND: the Admin client then asks DescribeGroups.
 */
final class ConsumerGroupDescribeHandler
    implements ApiHandler<ConsumerGroupDescribeRequestData, ConsumerGroupDescribeResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.CONSUMER_GROUP_DESCRIBE, 0, 1);

    private final GroupCoordinator coordinator;

    ConsumerGroupDescribeHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<ConsumerGroupDescribeResponseData> handle(RequestContext context,
                                                                       ConsumerGroupDescribeRequestData request) {
        return coordinator.consumerGroupDescribe(ClientInfos.of(context), request);
    }
}
