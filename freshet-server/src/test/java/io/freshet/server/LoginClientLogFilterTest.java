package io.freshet.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginClientLogFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final LoginClientLogFilter filter = new LoginClientLogFilter();

    @Test
    void shouldDropOnlyThePasswordCheckClientsLines() {
        String refused = "[AdminClient clientId=freshet-gateway-auth-7] Connection to node -1 (localhost/127.0.0.1:9092)"
            + " failed authentication due to: Authentication failed";
        assertThat(filter.decide(null, context.getLogger("org.apache.kafka.clients.NetworkClient"), Level.ERROR,
            refused, null, null)).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, context.getLogger("org.apache.kafka.clients.NetworkClient"), Level.ERROR,
            "[AdminClient clientId=freshet-gateway-acls] Connection to node -1 failed", null, null))
            .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, context.getLogger("io.freshet.server.gateway.ClusterPasswordCheck"),
            Level.WARN, refused, null, null)).isEqualTo(FilterReply.NEUTRAL);
    }
}
