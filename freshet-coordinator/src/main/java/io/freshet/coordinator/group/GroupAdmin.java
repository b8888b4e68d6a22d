package io.freshet.coordinator.group;

import io.freshet.coordinator.ClientInfo;
import io.freshet.coordinator.CoordinatorRuntime;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;

import java.util.concurrent.CompletableFuture;

/** ListGroups, DescribeGroups (classic view) and DeleteGroups. Coordinator thread only. */
public final class GroupAdmin {

    private final CoordinatorRuntime runtime;

    public GroupAdmin(CoordinatorRuntime runtime) {
        this.runtime = runtime;
    }

    public CompletableFuture<ListGroupsResponseData> list(ClientInfo client, ListGroupsRequestData request) {
        throw new UnsupportedOperationException("work in progress");
    }

    public CompletableFuture<DescribeGroupsResponseData> describe(ClientInfo client, DescribeGroupsRequestData request) {
        throw new UnsupportedOperationException("work in progress");
    }

    public CompletableFuture<DeleteGroupsResponseData> delete(ClientInfo client, DeleteGroupsRequestData request) {
        throw new UnsupportedOperationException("work in progress");
    }
}
