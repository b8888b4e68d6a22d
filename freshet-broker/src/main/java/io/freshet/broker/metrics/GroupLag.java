package io.freshet.broker.metrics;

import io.freshet.broker.metadata.TopicController;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.runtime.ClientInfo;
import io.freshet.storage.log.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Consumer-group lag per partition, as kafka_exporter computes it: the partition's high watermark minus the group's
 * committed offset (never below 0), for every committed offset of every group that is not a share group. The
 * committed offsets come from the group coordinator (ListGroups, then an OffsetFetch of all of a group's offsets,
 * each a round-trip to its thread), so this is for a refresher on its own thread, never an event loop.
 */
public final class GroupLag {

    /** One group's lag on one partition. */
    public record PartitionLag(String group, TopicPartition partition, long committed, long lag) {
    }

    private static final ClientInfo CLIENT = new ClientInfo("freshet-metrics", "/127.0.0.1", (short) 0);
    private static final short LIST_GROUPS_VERSION = 4;
    /** The highest OffsetFetch version answering one group in the top-level layout (v8 asks for several). */
    private static final short OFFSET_FETCH_VERSION = 7;

    private final GroupCoordinator groups;
    private final TopicController topics;

    public GroupLag(GroupCoordinator groups, TopicController topics) {
        this.groups = groups;
        this.topics = topics;
    }

    /** Every group's lag on every partition it has committed an offset for. */
    public CompletableFuture<List<PartitionLag>> read() {
        return groups.listGroups(client(LIST_GROUPS_VERSION), new ListGroupsRequestData())
            .thenCompose(listed -> {
                List<CompletableFuture<List<PartitionLag>>> perGroup = new ArrayList<>();
                for (ListGroupsResponseData.ListedGroup group : listed.groups()) {
                    if (!"share".equals(group.groupType())) {
                        perGroup.add(lagOf(group.groupId()));
                    }
                }
                return CompletableFuture.allOf(perGroup.toArray(CompletableFuture[]::new)).thenApply(done -> {
                    List<PartitionLag> all = new ArrayList<>();
                    perGroup.forEach(f -> all.addAll(f.join()));
                    return all;
                });
            });
    }

    private CompletableFuture<List<PartitionLag>> lagOf(String group) {
        OffsetFetchRequestData request = new OffsetFetchRequestData().setGroupId(group).setTopics(null)
            .setRequireStable(false);
        return groups.offsetFetch(client(OFFSET_FETCH_VERSION), request).thenApply(response -> {
            List<PartitionLag> lags = new ArrayList<>();
            if (response.errorCode() != Errors.NONE.code()) {
                return lags;
            }
            for (OffsetFetchResponseData.OffsetFetchResponseTopic topic : response.topics()) {
                for (OffsetFetchResponseData.OffsetFetchResponsePartition p : topic.partitions()) {
                    TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                    Optional<PartitionLog> log = topics.log(tp);
                    if (p.errorCode() == Errors.NONE.code() && p.committedOffset() >= 0 && log.isPresent()) {
                        long end = log.get().highWatermark();
                        lags.add(new PartitionLag(group, tp, p.committedOffset(),
                            Math.max(0, end - p.committedOffset())));
                    }
                }
            }
            return lags;
        });
    }

    private static ClientInfo client(short version) {
        return new ClientInfo(CLIENT.clientId(), CLIENT.clientHost(), version);
    }
}
