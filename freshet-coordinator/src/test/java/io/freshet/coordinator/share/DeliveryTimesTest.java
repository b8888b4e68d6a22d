package io.freshet.coordinator.share;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The header scan of one batch, in place or from a copy of the batch, compressed or not. */
class DeliveryTimesTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void findsOnlyFutureTimesFromTheGivenOffsetOn() {
        MemoryRecords records = MemoryRecords.withRecords(100L, Compression.NONE,
            record(NOW + 10), record(null), record(NOW - 10), record(NOW + 20), noHeaders());
        RecordBatch batch = records.batches().iterator().next();
        assertThat(DeliveryTimes.of(batch, records.buffer(), 100, NOW)).isEqualTo(Map.of(100L, NOW + 10,
            103L, NOW + 20));
        assertThat(DeliveryTimes.of(batch, null, 101, NOW)).isEqualTo(Map.of(103L, NOW + 20));
    }

    @Test
    void aBatchWithoutHeadersHasNoTimes() {
        MemoryRecords records = MemoryRecords.withRecords(0L, Compression.NONE, noHeaders(), noHeaders());
        assertThat(DeliveryTimes.of(records.batches().iterator().next(), records.buffer(), 0, NOW)).isNull();
    }

    @Test
    void aCompressedBatchIsReadForItsTimes() {
        MemoryRecords records = MemoryRecords.withRecords(5L, Compression.gzip().build(), noHeaders(),
            record(NOW + 1));
        assertThat(DeliveryTimes.of(records.batches().iterator().next(), null, 0, NOW))
            .isEqualTo(Map.of(6L, NOW + 1));
    }

    private static SimpleRecord record(Long at) {
        Header[] headers = at == null ? new Header[] {new RecordHeader("a", null)}
            : new Header[] {new RecordHeader("freshet.deliver.atx", "1".getBytes(StandardCharsets.US_ASCII)),
                new RecordHeader(DeliveryTimes.HEADER, Long.toString(at).getBytes(StandardCharsets.US_ASCII))};
        return new SimpleRecord(NOW, "key".getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8),
            headers);
    }

    private static SimpleRecord noHeaders() {
        return new SimpleRecord(NOW, null, "v".getBytes(StandardCharsets.UTF_8));
    }
}
