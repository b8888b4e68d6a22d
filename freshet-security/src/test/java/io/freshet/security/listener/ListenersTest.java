package io.freshet.security.listener;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenersTest {

    @Test
    void parsesEveryDefaultProtocolInOrderWithIpv6Brackets() {
        Listeners l = Listeners.parse("plaintext://127.0.0.1:9092, SSL://[::1]:9093,SASL_SSL://localhost:9094,"
                + "SASL_PLAINTEXT://:9095", null, null, "127.0.0.1");
        assertThat(l.listeners()).extracting(ListenerEndpoint::name)
                .containsExactly("PLAINTEXT", "SSL", "SASL_SSL", "SASL_PLAINTEXT");
        assertThat(l.listeners()).extracting(ListenerEndpoint::protocol).containsExactly(SecurityProtocol.PLAINTEXT,
                SecurityProtocol.SSL, SecurityProtocol.SASL_SSL, SecurityProtocol.SASL_PLAINTEXT);
        assertThat(l.listener("ssl").orElseThrow().host()).isEqualTo("::1");
        assertThat(l.listener("SSL").orElseThrow().hostPort()).isEqualTo("[::1]:9093");
        assertThat(l.listener("SASL_PLAINTEXT").orElseThrow().host()).isEqualTo("127.0.0.1");
        assertThat(l.first().port()).isEqualTo(9092);
        assertThat(l.advertised("SSL")).isEmpty();
        assertThat(l.toString()).isEqualTo("PLAINTEXT://127.0.0.1:9092,SSL://[::1]:9093,SASL_SSL://localhost:9094,"
                + "SASL_PLAINTEXT://127.0.0.1:9095");
    }

    @Test
    void customNamesNeedTheProtocolMapWhichReplacesTheDefault() {
        Listeners l = Listeners.parse("INTERNAL://127.0.0.1:9092,external://0.0.0.0:9093",
                "EXTERNAL://broker.example:443", "internal:plaintext, EXTERNAL:SSL", "127.0.0.1");
        assertThat(l.listener("EXTERNAL").orElseThrow().protocol()).isEqualTo(SecurityProtocol.SSL);
        assertThat(l.advertised("external").orElseThrow().hostPort()).isEqualTo("broker.example:443");
        assertThatThrownBy(() -> Listeners.parse("EXTERNAL://h:1", null, null, "h"))
                .hasMessageStartingWith("listeners: no security protocol for listener EXTERNAL");
        assertThatThrownBy(() -> Listeners.parse("PLAINTEXT://h:1", null, "INTERNAL:PLAINTEXT", "h"))
                .as("a given map replaces Kafka's default").hasMessageContaining("PLAINTEXT");
        assertThatThrownBy(() -> Listeners.parse("A://h:1", null, "A:TLS", "h"))
                .hasMessageStartingWith("listener.security.protocol.map: unknown security protocol 'TLS'");
    }

    @Test
    void namesAndPortsAreUniqueAsKafkaRequires() {
        assertThatThrownBy(() -> Listeners.parse("PLAINTEXT://h:1,PLAINTEXT://h:2", null, null, "h"))
                .hasMessageStartingWith("listeners: each listener must have a different name");
        assertThatThrownBy(() -> Listeners.parse("PLAINTEXT://h:1,SSL://h:1", null, null, "h"))
                .hasMessageStartingWith("listeners: each listener must have a different port");
        assertThat(Listeners.parse("PLAINTEXT://h:0,SSL://h:0", null, null, "h").listeners()).hasSize(2);
        assertThat(Listeners.parse("PLAINTEXT://127.0.0.1:9092,SSL://[::1]:9092", null, null, "h").listeners())
                .as("one IPv4 and one IPv6 literal may share a port").hasSize(2);
        assertThatThrownBy(() -> Listeners.parse("PLAINTEXT://h:70000", null, null, "h"))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> Listeners.parse("PLAINTEXT//h:1", null, null, "h"))
                .hasMessageStartingWith("listeners: cannot parse 'PLAINTEXT//h:1'");
        assertThatThrownBy(() -> Listeners.parse("", null, null, "h")).hasMessageStartingWith("listeners:");
    }

    @Test
    void advertisedListenersMustBeListenersAndAWildcardMustBeAdvertised() {
        assertThatThrownBy(() -> Listeners.parse("PLAINTEXT://h:1", "SSL://x:2", null, "h"))
                .hasMessageStartingWith("advertised.listeners: listener SSL is not in listeners");
        assertThatThrownBy(() -> Listeners.parse("PLAINTEXT://0.0.0.0:1,SSL://[::]:2", "PLAINTEXT://x:1", null, "h"))
                .hasMessageStartingWith("advertised.listeners: must be set for listener SSL");
        assertThatThrownBy(() -> Listeners.parse("PLAINTEXT://h:1", "PLAINTEXT://0.0.0.0:1", null, "h"))
                .hasMessageStartingWith("advertised.listeners: cannot advertise the wildcard address");
        assertThat(Listeners.parse("A://h:1,B://h:2", "A://lb:9,B://lb:9", "A:PLAINTEXT,B:SSL", "h")
                .advertised("B").orElseThrow().port()).as("advertised ports may repeat").isEqualTo(9);
        assertThat(Listeners.parse("PLAINTEXT://h:1", "PLAINTEXT://:7", null, "h").advertised("PLAINTEXT")
                .orElseThrow().hostPort()).as("no host: the bound one").isEqualTo("h:7");
    }

    @Test
    void aKraftNodesControllerListenerIsNotOpened() {
        String map = "CONTROLLER:SASL_PLAINTEXT,PLAINTEXT:PLAINTEXT";
        Listeners l = Listeners.parse("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
                "PLAINTEXT://127.0.0.1:9092", map, "127.0.0.1", "CONTROLLER");
        assertThat(l.listeners()).extracting(ListenerEndpoint::name).containsExactly("PLAINTEXT");
        assertThat(l.listener("CONTROLLER")).isEmpty();
        assertThatThrownBy(() -> Listeners.parse("CONTROLLER://127.0.0.1:9093", null, map, "127.0.0.1",
                "controller")).hasMessageStartingWith("listeners: every listener is a controller listener");
    }
}
