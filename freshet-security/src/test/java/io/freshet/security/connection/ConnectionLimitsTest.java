package io.freshet.security.connection;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Map;

import static io.freshet.security.connection.ConnectionLimits.Admission.ACCEPTED;
import static io.freshet.security.connection.ConnectionLimits.Admission.TOO_MANY_FROM_IP;
import static io.freshet.security.connection.ConnectionLimits.Admission.TOO_MANY_ON_BROKER;
import static io.freshet.security.connection.ConnectionLimits.Admission.TOO_MANY_ON_LISTENER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionLimitsTest {

    @Test
    void perIpWithOverridesPerListenerAndTotal() throws Exception {
        InetAddress a = InetAddress.getByName("127.0.0.1");
        InetAddress b = InetAddress.getByName("127.0.0.2");
        ConnectionLimits limits = ConnectionLimits.from(Map.of("max.connections", "4", "max.connections.per.ip", "1",
            "max.connections.per.ip.overrides", "127.0.0.2:3", "listener.name.ssl.max.connections", "1"));
        assertThat(limits.unlimited()).isFalse();
        assertThat(limits.tryAcquire("PLAINTEXT", a)).isEqualTo(ACCEPTED);
        assertThat(limits.tryAcquire("PLAINTEXT", a)).isEqualTo(TOO_MANY_FROM_IP);
        assertThat(limits.tryAcquire("SSL", b)).isEqualTo(ACCEPTED);
        assertThat(limits.tryAcquire("SSL", b)).isEqualTo(TOO_MANY_ON_LISTENER);
        assertThat(limits.tryAcquire("PLAINTEXT", b)).isEqualTo(ACCEPTED);
        assertThat(limits.tryAcquire("PLAINTEXT", b)).isEqualTo(ACCEPTED);
        assertThat(limits.total()).isEqualTo(4);
        assertThat(limits.tryAcquire("PLAINTEXT", InetAddress.getByName("127.0.0.3"))).isEqualTo(TOO_MANY_ON_BROKER);
        limits.release("PLAINTEXT", a);
        assertThat(limits.tryAcquire("PLAINTEXT", a)).isEqualTo(ACCEPTED);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThat(ConnectionLimits.from(Map.of()).unlimited()).isTrue();
        assertThatThrownBy(() -> ConnectionLimits.from(Map.of("max.connections.per.ip", "x")))
            .hasMessageContaining("max.connections.per.ip");
        assertThatThrownBy(() -> ConnectionLimits.from(Map.of("max.connections.per.ip.overrides", "nocount")))
            .hasMessageContaining("max.connections.per.ip.overrides");
    }
}
