package io.freshet.mqtt.delivery;

import io.freshet.gateway.ReadResult;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionCursorTest {

    private final PartitionCursor cursor = new PartitionCursor(new TopicPartition("t", 0), 5, () -> { });

    @Test
    void aReadThatFoundItsOffsetGoneIsOverAndTheNextOneStartsAtOnceWhereTheLogNowStarts() {
        assertThat(cursor.startRead()).isEqualTo(5);
        assertThat(cursor.wantsRead()).as("while the read runs").isFalse();

        cursor.moveTo(40); // the read failed with OFFSET_OUT_OF_RANGE: the log now starts at 40

        assertThat(cursor.isReading()).isFalse();
        assertThat(cursor.wantsRead()).as("without waiting for another append").isTrue();
        assertThat(cursor.startRead()).isEqualTo(40);
        cursor.readDone(new ReadResult(List.of(), 40));
        assertThat(cursor.position()).isEqualTo(40);
    }
}
