package io.freshet.bench.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void shouldRecordMeasuredMessagesOnceFromTheirDueTime() {
        LatencyRecorder recorder = new LatencyRecorder(2, 3);

        recorder.onDelivery(payload(1_000, 1), 9_000);   // warm-up: not recorded
        recorder.onDelivery(payload(2_000, 2), 2_500);
        recorder.onDelivery(payload(3_000, 4), 3_100);
        recorder.onDelivery(payload(2_000, 2), 2_900);   // the same message again: a duplicate

        assertThat(recorder.recorded()).isEqualTo(2);
        assertThat(recorder.duplicates()).isEqualTo(1);
        assertThat(recorder.sortedNanos()).containsExactly(100, 500);
    }

    private static ByteBuf payload(long due, long sequence) {
        ByteBuf payload = Unpooled.buffer(100).writeZero(100);
        LatencyRecorder.stamp(payload, due, sequence);
        return payload;
    }
}
