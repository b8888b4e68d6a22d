package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessageExpiryTest {

    @Test
    void shouldSendTheIntervalThatRemainsRoundedUp() {
        Message m = withExpiry(10L);
        assertThat(MessageExpiry.remaining(m, 1_000, 1_000).orElseThrow().properties().messageExpirySeconds())
            .isEqualTo(10L);
        assertThat(MessageExpiry.remaining(m, 1_000, 4_500).orElseThrow().properties().messageExpirySeconds())
            .isEqualTo(7L);
        assertThat(MessageExpiry.remaining(m, 1_000, 10_999).orElseThrow().properties().messageExpirySeconds())
            .isEqualTo(1L);
    }

    @Test
    void shouldDropAMessageWhoseIntervalHasPassed() {
        assertThat(MessageExpiry.remaining(withExpiry(10L), 1_000, 11_000)).isEmpty();
        assertThat(MessageExpiry.remaining(withExpiry(0L), 1_000, 1_000)).isEmpty();
    }

    @Test
    void shouldLeaveMessagesWithoutExpiryAlone() {
        Message m = withExpiry(null);
        assertThat(MessageExpiry.remaining(m, 0, Long.MAX_VALUE)).containsSame(m);
    }

    @Test
    void shouldResendAnExpiredMessageWhoseDeliveryBegan() {
        Message resent = MessageExpiry.forResend(withExpiry(5L), 0, 60_000);
        assertThat(resent.properties().messageExpirySeconds()).isEqualTo(1L);
        assertThat(resent.properties().contentType()).isEqualTo("text/plain");
    }

    private static Message withExpiry(Long seconds) {
        return new Message("t", new byte[] {1}, 1, false,
            new MessageProperties(1, seconds, "text/plain", null, null, List.of()));
    }
}
