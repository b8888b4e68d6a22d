package io.freshet.coordinator.group.classic;

import io.freshet.coordinator.ClientInfo;
import io.freshet.coordinator.CoordinatorRuntime;
import io.freshet.coordinator.group.Group;
import io.freshet.coordinator.log.GroupValue;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;

import java.util.concurrent.CompletableFuture;

/** The classic group protocol. Coordinator thread only. */
public final class ClassicGroups {

    private final CoordinatorRuntime runtime;

    public ClassicGroups(CoordinatorRuntime runtime) {
        this.runtime = runtime;
    }

    public Group load(String groupId, GroupValue.Classic value) {
        throw new UnsupportedOperationException("work in progress");
    }

    public void activateLoaded() {
    }

    public CompletableFuture<JoinGroupResponseData> join(ClientInfo client, JoinGroupRequestData request) {
        throw new UnsupportedOperationException("work in progress");
    }

    public CompletableFuture<SyncGroupResponseData> sync(ClientInfo client, SyncGroupRequestData request) {
        throw new UnsupportedOperationException("work in progress");
    }

    public CompletableFuture<HeartbeatResponseData> heartbeat(ClientInfo client, HeartbeatRequestData request) {
        throw new UnsupportedOperationException("work in progress");
    }

    public CompletableFuture<LeaveGroupResponseData> leave(ClientInfo client, LeaveGroupRequestData request) {
        throw new UnsupportedOperationException("work in progress");
    }
}
