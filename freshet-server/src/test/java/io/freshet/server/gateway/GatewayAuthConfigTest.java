package io.freshet.server.gateway;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayAuthConfigTest {

    private static final Map<String, Object> SASL = Map.of("security.protocol", "SASL_SSL");
    private static final Map<String, Object> PLAINTEXT = Map.of();

    @Test
    void shouldCheckAgainstTheClusterByDefaultWhenTheGatewayLogsInWithSasl() {
        GatewayAuthConfig auth = GatewayAuthConfig.fromProperties(Map.of(), SASL);

        assertThat(auth.mode()).isEqualTo(GatewayAuthConfig.Mode.CLUSTER);
        assertThat(auth.saslMechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(auth.cacheTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(auth.aclRefresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(auth.aclMaxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(auth.acls().enabled()).isTrue();
        assertThat(auth.acls().allowEveryoneIfNoAclFound()).isFalse();
    }

    @Test
    void shouldStayOpenByDefaultOnAClusterWithoutSasl() {
        assertThat(GatewayAuthConfig.fromProperties(Map.of(), PLAINTEXT).enabled()).isFalse();
        assertThat(GatewayAuthConfig.fromProperties(Map.of("gateway.auth", "none"), SASL).enabled()).isFalse();
    }

    @Test
    void shouldRefuseClusterAuthenticationOnAClusterWithoutSaslNamingTheKey() {
        assertThatThrownBy(() -> GatewayAuthConfig.fromProperties(Map.of("gateway.auth", "cluster"),
            Map.of("security.protocol", "SSL")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("gateway.auth=cluster").hasMessageContaining("kafka.security.protocol is SSL");
    }

    @Test
    void shouldReadTheBrokerSettingsTheGatewayMustBeTold() {
        GatewayAuthConfig auth = GatewayAuthConfig.fromProperties(Map.of("super.users", "User:admin;User:ops",
            "allow.everyone.if.no.acl.found", "true", "gateway.auth.sasl.mechanism", "plain",
            "gateway.auth.cache.ms", "0", "gateway.acl.refresh.ms", "500"), SASL);

        assertThat(auth.acls().superUsers()).containsExactlyInAnyOrder("User:admin", "User:ops");
        assertThat(auth.acls().allowEveryoneIfNoAclFound()).isTrue();
        assertThat(auth.saslMechanism()).isEqualTo("PLAIN");
        assertThat(auth.cacheTtl()).isZero();
        assertThat(auth.aclRefresh()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldKeepUnreadableAclsAtLeastTwoRefreshesAndThreeByDefault() {
        assertThat(GatewayAuthConfig.fromProperties(Map.of("gateway.acl.refresh.ms", "30000"), SASL).aclMaxAge())
            .isEqualTo(Duration.ofSeconds(90));
        assertThat(GatewayAuthConfig.fromProperties(Map.of("gateway.acl.max.age.ms", "0"), SASL).aclMaxAge())
            .isZero();
        assertThatThrownBy(() -> GatewayAuthConfig.fromProperties(Map.of("gateway.acl.refresh.ms", "5000",
            "gateway.acl.max.age.ms", "9000"), SASL)).hasMessageStartingWith("gateway.acl.max.age.ms (9000)");
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        assertThatThrownBy(() -> GatewayAuthConfig.fromProperties(Map.of("gateway.auth", "ldap"), SASL))
            .hasMessageStartingWith("gateway.auth");
        assertThatThrownBy(() -> GatewayAuthConfig.fromProperties(
            Map.of("gateway.auth.sasl.mechanism", "GSSAPI"), SASL)).hasMessageStartingWith("gateway.auth.sasl.mechanism");
        assertThatThrownBy(() -> GatewayAuthConfig.fromProperties(Map.of("super.users", "admin"), SASL))
            .hasMessageStartingWith("super.users");
    }
}
