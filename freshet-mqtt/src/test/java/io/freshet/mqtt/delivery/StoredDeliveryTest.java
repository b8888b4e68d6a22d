package io.freshet.mqtt.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredDeliveryTest {

    @Test
    void shouldReadBackWhatItWrote() {
        StoredDelivery stored = new StoredDelivery(StoredDelivery.VERSION,
            List.of(new StoredDelivery.StoredSubscription("$share/g/a/+", 2, false, true, 1, 7)),
            List.of(new StoredDelivery.StoredPosition("a", 3, 42)),
            List.of(new StoredDelivery.StoredInFlight(9, "PUBLISH", "a", 3, 40L, null, 2, false, List.of(7)),
                new StoredDelivery.StoredInFlight(10, "PUBLISH", null, null, null, "a/x", 1, true, List.of()),
                new StoredDelivery.StoredInFlight(11, "PUBREL", null, null, null, null, 2, false, List.of())));

        assertThat(StoredDelivery.decode(stored.encode())).isEqualTo(stored);
    }

    @Test
    void shouldIgnoreFieldsOfANewerFreshetButRefuseAnotherVersion() {
        String newer = "{\"version\":1,\"subscriptions\":[],\"positions\":[],\"inFlight\":[],\"later\":true}";
        assertThat(StoredDelivery.decode(newer.getBytes(StandardCharsets.UTF_8)).positions()).isEmpty();

        assertThatThrownBy(() -> StoredDelivery.decode("{\"version\":2}".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> StoredDelivery.decode("not json".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
