package io.freshet.broker;

import io.freshet.coordinator.share.Acknowledgement;
import io.freshet.coordinator.share.AcquireLimits;
import io.freshet.coordinator.share.Acquired;
import io.freshet.coordinator.share.ShareKey;
import io.freshet.coordinator.share.ShareLogReader;
import io.freshet.coordinator.share.ShareStates;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.protocol.Errors;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HOOK until the share coordinator ({@code io.freshet.coordinator.share.ShareCoordinator}, helper share-state) is
 * wired in {@link FreshetBroker#start}: keeps start offsets in memory only (not durable) so the share-group offset
 * APIs answer; acquire and acknowledge fail with COORDINATOR_NOT_AVAILABLE. Replace its one use in
 * {@code FreshetBroker} by the coordinator.
 */
final class ShareStatesPlaceholder implements ShareStates {

    private final Map<String, Map<TopicPartition, Long>> startOffsets = new ConcurrentHashMap<>();

    private static <T> CompletableFuture<T> unavailable() {
        return CompletableFuture.failedFuture(new CoordinatorNotAvailableException(
            "The share coordinator is not running on this broker"));
    }

    @Override
    public CompletableFuture<Acquired> acquire(ShareKey key, String memberId, AcquireLimits limits,
                                               ShareLogReader reader) {
        return unavailable();
    }

    @Override
    public CompletableFuture<Errors> acknowledge(ShareKey key, String memberId, List<Acknowledgement> batches) {
        return unavailable();
    }

    @Override
    public CompletableFuture<Void> releaseMember(String groupId, String memberId) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> startOffsets(String groupId,
                                                                     Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> group = startOffsets.getOrDefault(groupId, Map.of());
        Map<TopicPartition, Long> result = new HashMap<>();
        partitions.forEach(tp -> result.put(tp, group.getOrDefault(tp, -1L)));
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Errors>> alterStartOffsets(String groupId,
                                                                            Map<TopicPartition, Long> offsets) {
        startOffsets.computeIfAbsent(groupId, g -> new ConcurrentHashMap<>()).putAll(offsets);
        Map<TopicPartition, Errors> result = new HashMap<>();
        offsets.keySet().forEach(tp -> result.put(tp, Errors.NONE));
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public CompletableFuture<Map<String, Errors>> deleteState(String groupId, Collection<String> topics) {
        startOffsets.getOrDefault(groupId, new HashMap<>()).keySet().removeIf(tp -> topics.contains(tp.topic()));
        Map<String, Errors> result = new HashMap<>();
        topics.forEach(t -> result.put(t, Errors.NONE));
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public CompletableFuture<Void> deleteGroup(String groupId) {
        startOffsets.remove(groupId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onAvailable(AvailabilityListener listener) {
    }
}
