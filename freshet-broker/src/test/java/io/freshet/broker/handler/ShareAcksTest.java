package io.freshet.broker.handler;

import io.freshet.coordinator.share.Acknowledgement;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kafka's rules for acknowledgement batches: anything else is INVALID_REQUEST for the partition. */
class ShareAcksTest {

    private static ShareAcks.Batch batch(long first, long last, Integer... types) {
        return new ShareAcks.Batch(first, last, java.util.Arrays.stream(types).map(Integer::byteValue).toList());
    }

    @Test
    void shouldAcceptOneTypePerBatchOrOnePerOffset() {
        List<Acknowledgement> checked = ShareAcks.check(List.of(batch(0, 2, 1), batch(3, 5, 1, 0, 2)), (short) 1);
        assertThat(checked).hasSize(2);
        assertThat(checked.get(1).types()).containsExactly(1, 0, 2);
    }

    @Test
    void shouldRefuseMalformedBatches() {
        assertThatThrownBy(() -> ShareAcks.check(List.of(batch(5, 4, 1)), (short) 1))
            .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ShareAcks.check(List.of(batch(0, 2, 1, 1)), (short) 1))
            .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ShareAcks.check(List.of(batch(0, 2)), (short) 1))
            .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ShareAcks.check(List.of(batch(0, 3, 1), batch(3, 4, 1)), (short) 1))
            .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ShareAcks.check(List.of(batch(0, 0, 9)), (short) 2))
            .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void shouldAcceptRenewOnlyFromVersionTwo() {
        assertThatThrownBy(() -> ShareAcks.check(List.of(batch(0, 0, 4)), (short) 1))
            .isInstanceOf(InvalidRequestException.class);
        assertThat(ShareAcks.check(List.of(batch(0, 0, 4)), (short) 2)).hasSize(1);
    }
}
