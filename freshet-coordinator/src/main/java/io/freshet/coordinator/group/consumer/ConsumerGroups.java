package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.ClientInfo;
import io.freshet.coordinator.CoordinatorRuntime;
import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.log.GroupValue;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;

import java.util.concurrent.CompletableFuture;

/** KIP-848 consumer groups (ConsumerGroupHeartbeat, ConsumerGroupDescribe). Coordinator thread only. */
public final class ConsumerGroups {

    private final CoordinatorRuntime runtime;

    public ConsumerGroups(CoordinatorRuntime runtime) {
        this.runtime = runtime;
    }

    /** A group read back from the internal log. */
    public Group load(String groupId, GroupValue.Consumer value) {
        throw new UnsupportedOperationException("KIP-848 groups: work in progress");
    }

    /** After replay: start the session timers of loaded members. */
    public void activateLoaded() {
    }

    public CompletableFuture<ConsumerGroupHeartbeatResponseData> heartbeat(ClientInfo client,
                                                                           ConsumerGroupHeartbeatRequestData request) {
        throw new UnsupportedOperationException("KIP-848 groups: work in progress");
    }

    public CompletableFuture<ConsumerGroupDescribeResponseData> describe(ClientInfo client,
                                                                         ConsumerGroupDescribeRequestData request) {
        throw new UnsupportedOperationException("KIP-848 groups: work in progress");
    }
}
