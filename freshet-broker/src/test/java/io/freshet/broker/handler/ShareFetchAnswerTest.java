package io.freshet.broker.handler;

import io.freshet.broker.share.SessionPartition;
import io.freshet.coordinator.share.Acquired;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShareFetchAnswerTest {

    private static final SessionPartition P = new SessionPartition(Uuid.randomUuid(), 0);

    /** Two batches: offsets 0-4 and 5-9. */
    private static MemoryRecords twoBatches() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (long base : new long[] {0, 5}) {
            MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, Compression.NONE, TimestampType.CREATE_TIME,
                base);
            for (int i = 0; i < 5; i++) {
                builder.append(1L, null, ("v" + (base + i)).getBytes());
            }
            builder.close();
        }
        return MemoryRecords.readableRecords(buffer.flip());
    }

    private static List<Long> batchBases(ShareFetchResponseData.PartitionData data) {
        List<Long> bases = new ArrayList<>();
        for (RecordBatch batch : ((MemoryRecords) data.records()).batches()) {
            bases.add(batch.baseOffset());
        }
        return bases;
    }

    @Test
    void shouldSendABatchOnceWhenTwoAcquisitionsTookPartsOfIt() {
        MemoryRecords records = twoBatches();
        ShareFetchAnswer answer = new ShareFetchAnswer(1, 30_000);
        answer.acquired(P, new Acquired(records, List.of(new Acquired.AcquiredRange(0, 2, (short) 1)), 30_000));
        answer.acquired(P, new Acquired(records, List.of(new Acquired.AcquiredRange(3, 7, (short) 1)), 30_000));
        ShareFetchResponseData.PartitionData data = answer.toResponse().responses().iterator().next()
            .partitions().get(0);
        assertThat(batchBases(data)).containsExactly(0L, 5L);
        assertThat(data.acquiredRecords()).hasSize(2);
        assertThat(answer.records()).isEqualTo(8);
    }

    @Test
    void shouldLeaveOutPartitionsWithNothingToSay() {
        ShareFetchAnswer answer = new ShareFetchAnswer(1, 30_000);
        answer.acquired(P, new Acquired(MemoryRecords.EMPTY, List.of(), 15_000));
        ShareFetchResponseData response = answer.toResponse();
        assertThat(response.responses()).isEmpty();
        assertThat(response.acquisitionLockTimeoutMs()).isEqualTo(15_000);
        answer.acknowledged(P, Errors.INVALID_RECORD_STATE);
        assertThat(answer.toResponse().responses().iterator().next().partitions().get(0).acknowledgeErrorCode())
            .isEqualTo(Errors.INVALID_RECORD_STATE.code());
    }
}
