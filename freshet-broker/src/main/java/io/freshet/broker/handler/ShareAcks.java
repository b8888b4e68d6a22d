package io.freshet.broker.handler;

import io.freshet.broker.share.SessionPartition;
import io.freshet.coordinator.share.Acknowledgement;
import io.freshet.coordinator.share.ShareKey;
import io.freshet.coordinator.share.ShareStates;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The acknowledgements of one ShareFetch or ShareAcknowledge: checked here (a malformed batch is INVALID_REQUEST for
 * its partition, as Kafka answers), then applied by the share coordinator, every partition at once. The result is
 * each partition's error, complete once every change is durable.
 */
final class ShareAcks {

    /** One acknowledgement batch as either request carries it. */
    record Batch(long firstOffset, long lastOffset, List<Byte> types) {
    }

    private final SharePartitionLookup lookup;
    private final ShareStates states;

    ShareAcks(SharePartitionLookup lookup, ShareStates states) {
        this.lookup = lookup;
        this.states = states;
    }

    CompletableFuture<Map<SessionPartition, Errors>> apply(String groupId, String memberId,
                                                           Map<SessionPartition, List<Batch>> acks, short version) {
        Map<SessionPartition, CompletableFuture<Errors>> results = new LinkedHashMap<>();
        acks.forEach((partition, batches) -> results.put(partition, applyOne(groupId, memberId, partition, batches,
            version)));
        return CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<SessionPartition, Errors> errors = new LinkedHashMap<>();
            results.forEach((partition, result) -> errors.put(partition, result.join()));
            return errors;
        });
    }

    private CompletableFuture<Errors> applyOne(String groupId, String memberId, SessionPartition partition,
                                               List<Batch> batches, short version) {
        ShareKey key;
        List<Acknowledgement> checked;
        try {
            TopicPartition tp = lookup.resolve(partition);
            key = new ShareKey(groupId, partition.topicId(), tp);
            checked = check(batches, version);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ErrorMapper.toError(e, partition));
        }
        return states.acknowledge(key, memberId, checked)
            .exceptionally(failure -> ErrorMapper.toError(failure, key));
    }

    /**
     * Kafka's rules for a partition's batches: first <= last, one type or one per offset, known types (RENEW from
     * v2), batches in offset order without overlap.
     */
    static List<Acknowledgement> check(List<Batch> batches, short version) {
        byte maxType = version >= 2 ? Acknowledgement.RENEW : Acknowledgement.REJECT;
        List<Acknowledgement> checked = new ArrayList<>(batches.size());
        long previousLast = -1;
        for (Batch batch : batches) {
            long span = batch.lastOffset() - batch.firstOffset() + 1;
            if (batch.firstOffset() < 0 || span < 1 || batch.firstOffset() <= previousLast) {
                throw new InvalidRequestException("Acknowledgement batch " + batch.firstOffset() + ".."
                    + batch.lastOffset() + " is empty, negative or overlaps the one before");
            }
            int count = batch.types().size();
            if (count != 1 && count != span) {
                throw new InvalidRequestException("Acknowledgement batch " + batch.firstOffset() + ".."
                    + batch.lastOffset() + " has " + count + " types");
            }
            byte[] types = new byte[count];
            for (int i = 0; i < count; i++) {
                byte type = batch.types().get(i);
                if (type < Acknowledgement.GAP || type > maxType) {
                    throw new InvalidRequestException("Unknown acknowledge type " + type);
                }
                types[i] = type;
            }
            checked.add(new Acknowledgement(batch.firstOffset(), batch.lastOffset(), types));
            previousLast = batch.lastOffset();
        }
        return checked;
    }
}
