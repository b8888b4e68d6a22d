package io.freshet.coordinator.group.offsets;

import io.freshet.coordinator.ClientInfo;
import io.freshet.coordinator.CoordinatorRuntime;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;

import java.util.concurrent.CompletableFuture;

/** OffsetCommit, OffsetFetch and OffsetDelete for groups of both protocols. Coordinator thread only. */
public final class OffsetService {

    private final CoordinatorRuntime runtime;

    public OffsetService(CoordinatorRuntime runtime) {
        this.runtime = runtime;
    }

    public CompletableFuture<OffsetCommitResponseData> commit(ClientInfo client, OffsetCommitRequestData request) {
        throw new UnsupportedOperationException("work in progress");
    }

    public CompletableFuture<OffsetFetchResponseData> fetch(ClientInfo client, OffsetFetchRequestData request) {
        throw new UnsupportedOperationException("work in progress");
    }

    public CompletableFuture<OffsetDeleteResponseData> delete(ClientInfo client, OffsetDeleteRequestData request) {
        throw new UnsupportedOperationException("work in progress");
    }
}
