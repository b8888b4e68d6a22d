package io.freshet.server.gateway;

import io.freshet.gateway.GatewaySettings;
import io.freshet.security.acl.AclConfig;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether {@code freshet gateway} checks its MQTT and HTTP clients against the cluster's own users and ACLs, and how.
 * Immutable; validated once at start-up.
 *
 * @param mode           {@value #AUTH}: {@code cluster} (users by a SASL login to the cluster, ACLs read from it) or
 *                       {@code none} (every client allowed, as before); default {@code cluster} when the gateway's
 *                       own clients use SASL ({@code kafka.security.protocol=SASL_*}), else {@code none}
 * @param saslMechanism  {@value #SASL_MECHANISM}: how a client's user name and password are tried on the cluster
 *                       ({@code SCRAM-SHA-256}, {@code SCRAM-SHA-512} or {@code PLAIN}; default SCRAM-SHA-256)
 * @param cacheTtl       {@value #CACHE_MS}: how long an accepted password is taken as right without asking the
 *                       cluster again (default 60 s; 0: ask every time)
 * @param aclRefresh     {@value #ACL_REFRESH_MS}: how often the cluster's ACLs are read again (default 5 s): the most
 *                       an ACL change made with {@code kafka-acls.sh} waits before this gateway enforces it
 * @param aclMaxAge      {@value #ACL_MAX_AGE_MS}: how long ACLs that can no longer be read stay enforced (default
 *                       60 s, or three refresh intervals if longer; 0: until a read succeeds); after it every client but a super user is denied everything
 *                       until a read succeeds, so a revoked right does not live on while the reads fail
 * @param checkTimeout   {@value #CHECK_TIMEOUT_MS}: the bound of one login to the cluster and of one ACL read
 *                       (default 10 s)
 * @param acls           {@code super.users} and {@code allow.everyone.if.no.acl.found}: the cluster's broker
 *                       settings, which the gateway cannot read and must be told
 */
public record GatewayAuthConfig(Mode mode, String saslMechanism, Duration cacheTtl, Duration aclRefresh,
                                Duration aclMaxAge, Duration checkTimeout, AclConfig acls) {

    public static final String AUTH = "gateway.auth";
    public static final String SASL_MECHANISM = "gateway.auth.sasl.mechanism";
    public static final String CACHE_MS = "gateway.auth.cache.ms";
    public static final String ACL_REFRESH_MS = "gateway.acl.refresh.ms";
    public static final String ACL_MAX_AGE_MS = "gateway.acl.max.age.ms";
    public static final String CHECK_TIMEOUT_MS = "gateway.auth.timeout.ms";
    static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN");

    /** {@code none}: the listeners let every client in; {@code cluster}: the cluster's users and ACLs. */
    public enum Mode { NONE, CLUSTER }

    /** No users, no ACLs: every client allowed. */
    public static final GatewayAuthConfig NONE = new GatewayAuthConfig(Mode.NONE, "SCRAM-SHA-256",
        Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10),
        AclConfig.DISABLED);

    /**
     * Reads the keys above from the gateway's properties; {@code clientProperties} are its clients' own keys (the
     * {@code kafka.*} ones, prefix removed), whose {@code security.protocol} says whether the cluster can check a
     * password at all.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    public static GatewayAuthConfig fromProperties(Map<String, String> props, Map<String, Object> clientProperties) {
        String protocol = String.valueOf(clientProperties.getOrDefault("security.protocol", "PLAINTEXT"))
            .trim().toUpperCase(Locale.ROOT);
        boolean sasl = protocol.startsWith("SASL_");
        String value = GatewaySettings.string(props, AUTH, sasl ? "cluster" : "none").trim().toLowerCase(Locale.ROOT);
        Mode mode = switch (value) {
            case "none" -> Mode.NONE;
            case "cluster" -> Mode.CLUSTER;
            default -> throw new IllegalArgumentException(AUTH + ": cluster or none, not '" + value + "'");
        };
        if (mode == Mode.CLUSTER && !sasl) {
            throw new IllegalArgumentException(AUTH + "=cluster checks passwords by a SASL login to the cluster, but"
                + " kafka.security.protocol is " + protocol + ": set kafka.security.protocol=SASL_PLAINTEXT or"
                + " SASL_SSL (with the gateway's own kafka.sasl.* login), or " + AUTH + "=none");
        }
        String mechanism = GatewaySettings.string(props, SASL_MECHANISM, "SCRAM-SHA-256").trim()
            .toUpperCase(Locale.ROOT);
        if (!MECHANISMS.contains(mechanism)) {
            throw new IllegalArgumentException(SASL_MECHANISM + ": SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN, not '"
                + mechanism + "'");
        }
        AclConfig parsed = AclConfig.parse(Map.of(
            AclConfig.SUPER_USERS, props.getOrDefault(AclConfig.SUPER_USERS, ""),
            AclConfig.ALLOW_EVERYONE_IF_NO_ACL_FOUND, props.getOrDefault(AclConfig.ALLOW_EVERYONE_IF_NO_ACL_FOUND,
                "false")));
        long refreshMs = GatewaySettings.longValue(props, ACL_REFRESH_MS, 100, 3_600_000, 5_000);
        long maxAgeMs = GatewaySettings.longValue(props, ACL_MAX_AGE_MS, 0, 86_400_000,
            Math.max(60_000, 3 * refreshMs));
        if (maxAgeMs > 0 && maxAgeMs < 2 * refreshMs) {
            throw new IllegalArgumentException(ACL_MAX_AGE_MS + " (" + maxAgeMs + ") must be 0 or at least twice "
                + ACL_REFRESH_MS + " (" + refreshMs + "): one failed read must not deny every client");
        }
        return new GatewayAuthConfig(mode, mechanism,
            Duration.ofMillis(GatewaySettings.longValue(props, CACHE_MS, 0, 86_400_000, 60_000)),
            Duration.ofMillis(refreshMs), Duration.ofMillis(maxAgeMs),
            Duration.ofMillis(GatewaySettings.longValue(props, CHECK_TIMEOUT_MS, 100, 300_000, 10_000)),
            new AclConfig(mode == Mode.CLUSTER, parsed.superUsers(), parsed.allowEveryoneIfNoAclFound()));
    }

    public boolean enabled() {
        return mode == Mode.CLUSTER;
    }
}
