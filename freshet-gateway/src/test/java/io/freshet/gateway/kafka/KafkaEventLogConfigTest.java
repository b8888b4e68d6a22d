package io.freshet.gateway.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code freshet gateway}'s keys become a {@link KafkaEventLogConfig}. */
class KafkaEventLogConfigTest {

    @Test
    void defaultsPollEvery50MsWithTwoReadersAndAutoCreation() {
        KafkaEventLogConfig config = KafkaEventLogConfig.of("k1:9092");

        assertThat(config.bootstrapServers()).isEqualTo("k1:9092");
        assertThat(config.pollInterval().toMillis()).isEqualTo(50);
        assertThat(config.metadataInterval().toMillis()).isEqualTo(1000);
        assertThat(config.readThreads()).isEqualTo(2);
        assertThat(config.autoCreateTopics()).isTrue();
        assertThat(config.clientProperties()).isEmpty();
    }

    @Test
    void kafkaPrefixedKeysAreTheClientsOwnAndTheRestIsIgnored() {
        KafkaEventLogConfig config = KafkaEventLogConfig.fromProperties("k1:9092", Map.of(
            "kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "PLAIN", "mqtt.listeners", "MQTT://:1883",
            "gateway.poll.interval.ms", "10", "gateway.read.threads", "4", "auto.create.topics.enable", "false"));

        assertThat(config.clientProperties())
            .containsOnly(Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "PLAIN"));
        assertThat(config.pollInterval().toMillis()).isEqualTo(10);
        assertThat(config.readThreads()).isEqualTo(4);
        assertThat(config.autoCreateTopics()).isFalse();
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> KafkaEventLogConfig.fromProperties("k:1", Map.of("gateway.poll.interval.ms", "0")))
            .hasMessageContaining("gateway.poll.interval.ms");
        assertThatThrownBy(() -> KafkaEventLogConfig.fromProperties("k:1", Map.of("auto.create.topics.enable", "yes")))
            .hasMessageContaining("auto.create.topics.enable");
        assertThatThrownBy(() -> KafkaEventLogConfig.fromProperties(" ", Map.of()))
            .hasMessageContaining("bootstrap");
    }
}
