package io.freshet.security.client;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InternalClientPropertiesTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
        + " username=\"broker\" password=\"b-secret\" user_broker=\"b-secret\" user_alice=\"a\";";

    @Test
    void plaintextNeedsNothing() {
        assertThat(InternalClientProperties.of(Map.of("listeners", "PLAINTEXT://:9092"))).isEmpty();
    }

    @Test
    void saslListenerUsesTheBrokersOwnPlainCredentials() {
        Map<String, Object> client = InternalClientProperties.of(Map.of(
            "listeners", "SASL_PLAINTEXT://:9092,PLAINTEXT://:9094",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config", JAAS));
        assertThat(client).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "PLAIN");
        assertThat((String) client.get("sasl.jaas.config")).contains("username=\"broker\"")
            .contains("password=\"b-secret\"").doesNotContain("user_alice");
    }

    @Test
    void interBrokerListenerNameAndTheListenersOwnTlsStores() {
        Map<String, Object> client = InternalClientProperties.of(Map.of(
            "listeners", "PLAINTEXT://:9092,INTERNAL://:9093",
            "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,INTERNAL:SASL_SSL",
            "inter.broker.listener.name", "INTERNAL",
            "sasl.jaas.config", JAAS,
            "ssl.truststore.location", "/global.p12",
            "listener.name.internal.ssl.truststore.location", "/internal.p12",
            "listener.name.internal.ssl.client.auth", "required"));
        assertThat(client).containsEntry("security.protocol", "SASL_SSL")
            .containsEntry("ssl.truststore.location", "/internal.p12")
            .containsEntry("ssl.endpoint.identification.algorithm", "")
            .doesNotContainKey("ssl.client.auth");
    }

    @Test
    void aSaslListenerWithoutTheBrokersCredentialsStillStarts() {
        Map<String, Object> client = InternalClientProperties.of(Map.of("listeners", "SASL_PLAINTEXT://:9092",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required user_a=\"a\";"));
        assertThat(client).containsEntry("security.protocol", "SASL_PLAINTEXT").doesNotContainKey("sasl.jaas.config");
    }
}
