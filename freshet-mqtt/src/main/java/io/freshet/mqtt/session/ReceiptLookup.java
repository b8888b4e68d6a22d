package io.freshet.mqtt.session;

import io.freshet.mqtt.mapping.MessageHeaders;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Answers whether the record of a {@link StoredReceipt} made it into the log: reads its partition from the receipt's
 * offset to the end as it is now, for a record carrying both the client's id and the packet id. Used when a
 * persistent session's client resends a QoS 2 PUBLISH the broker has no answer for in memory (after a restart, or
 * after an append that failed), so a record that is stored is not stored twice.
 */
final class ReceiptLookup {

    private static final int READ_BYTES = 1024 * 1024;

    private ReceiptLookup() {
    }

    static CompletableFuture<Boolean> isStored(EventLog log, StoredReceipt receipt, String clientId, int packetId) {
        TopicPartition partition = receipt.partition();
        long end = log.endOffset(partition);
        if (end < 0) {
            return CompletableFuture.completedFuture(false); // the topic is gone, and the record with it
        }
        byte[] client = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] packet = Integer.toString(packetId).getBytes(StandardCharsets.UTF_8);
        long from = Math.max(receipt.fromOffset(), log.startOffset(partition));
        return scan(log, partition, from, end, client, packet);
    }

    private static CompletableFuture<Boolean> scan(EventLog log, TopicPartition partition, long offset, long end,
                                                   byte[] client, byte[] packet) {
        if (offset >= end) {
            return CompletableFuture.completedFuture(false);
        }
        return log.read(partition, offset, READ_BYTES).handle((result, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
                long start = log.startOffset(partition);
                if (cause instanceof OffsetOutOfRangeException && start > offset) {
                    return scan(log, partition, start, end, client, packet); // retention removed the beginning
                }
                return CompletableFuture.<Boolean>failedFuture(cause);
            }
            for (LogRecord record : result.records()) {
                if (hasHeader(record, MessageHeaders.PACKET_ID, packet)
                    && hasHeader(record, MessageHeaders.CLIENT_ID, client)) {
                    return CompletableFuture.completedFuture(true);
                }
            }
            if (result.nextOffset() <= offset) {
                return CompletableFuture.completedFuture(false);
            }
            return scan(log, partition, result.nextOffset(), end, client, packet);
        }).thenCompose(next -> next);
    }

    private static boolean hasHeader(LogRecord record, String name, byte[] value) {
        for (Header header : record.headers()) {
            if (header.key().equals(name) && Arrays.equals(header.value(), value)) {
                return true;
            }
        }
        return false;
    }
}
