package io.freshet.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    private final PartitionProgress<String, String> progress = new PartitionProgress<>(new TopicPartition("t", 0));

    @Test
    void shouldCommitNothingBeforeTheFirstRecord() {
        assertThat(progress.watermark()).isEmpty();
    }

    @Test
    void shouldStopTheWatermarkAtTheLowestRecordNotDone() {
        for (long offset = 10; offset < 15; offset++) {
            progress.polled(offset);
        }
        progress.done(11);
        progress.done(12);
        assertThat(progress.watermark()).hasValue(10);
        progress.done(10);
        assertThat(progress.watermark()).hasValue(13);
        progress.done(14);
        assertThat(progress.watermark()).hasValue(13);
        progress.done(13);
        assertThat(progress.watermark()).hasValue(15);
    }

    @Test
    void shouldSkipOffsetsTheLogDoesNotHave() {
        progress.polled(3);
        progress.polled(7); // 4..6: compacted away or transaction markers
        progress.done(3);
        assertThat(progress.watermark()).hasValue(7);
        progress.done(7);
        assertThat(progress.watermark()).hasValue(8);
    }

    @Test
    void shouldOfferOnlyWatermarksPastTheLastCommit() {
        progress.polled(0);
        progress.done(0);
        assertThat(progress.uncommitted()).hasValue(1);
        progress.committed(1);
        assertThat(progress.uncommitted()).isEmpty();
    }
}
