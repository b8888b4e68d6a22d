package io.freshet.security;

import io.freshet.security.acl.AclConfig;
import io.freshet.security.acl.AclStore;
import io.freshet.security.acl.Authorizer;
import io.freshet.security.acl.FreshetAuthorizer;
import io.freshet.security.auth.PasswordCheck;
import io.freshet.security.client.InternalClientProperties;
import io.freshet.security.connection.ConnectionLimits;
import io.freshet.security.quota.QuotaManager;
import io.freshet.security.quota.QuotaStore;
import io.freshet.security.sasl.SaslAuthentication;
import io.freshet.security.sasl.SaslSettings;
import io.freshet.security.sasl.ScramCredentialStore;
import org.apache.kafka.common.utils.Time;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything security for every listener, built once from the broker's Kafka-named properties and its data
 * directory (where users, ACLs and quotas are stored), and handed to the Kafka, MQTT and HTTP listeners.
 *
 * <p>Thread-safe; the stores behind it have one writer each (the Kafka handlers of the admin APIs).
 */
public final class Security implements AutoCloseable {

    private final Authorizer authorizer;
    private final PasswordCheck passwords;
    private final SaslAuthentication sasl;
    /** The store behind the authorizer; null without authorizer.class.name. */
    private final AclStore aclStore;
    /** Client quotas: null store and manager for {@link #none()} (nothing stored, nothing throttled). */
    private final QuotaStore quotaStore;
    private final QuotaManager quotas;
    private final ConnectionLimits connectionLimits;
    /** How the broker's in-process clients connect to its own Kafka listener. */
    private final Map<String, Object> internalClientProperties;

    private Security(Authorizer authorizer, SaslAuthentication sasl, AclStore aclStore, QuotaStore quotaStore,
                     QuotaManager quotas, ConnectionLimits connectionLimits,
                     Map<String, Object> internalClientProperties) {
        this.authorizer = authorizer;
        this.sasl = sasl;
        this.passwords = sasl.passwordCheck();
        this.aclStore = aclStore;
        this.quotaStore = quotaStore;
        this.quotas = quotas;
        this.connectionLimits = connectionLimits;
        this.internalClientProperties = internalClientProperties;
    }

    /**
     * Reads the security keys of {@code props} and the stores under {@code dataDir}.
     *
     * @throws IllegalArgumentException a bad value, naming its key
     */
    public static Security open(Map<String, String> props, Path dataDir) {
        SaslAuthentication sasl = new SaslAuthentication(new SaslSettings(props), ScramCredentialStore.open(dataDir));
        AclConfig aclConfig = AclConfig.parse(props);
        AclStore aclStore = aclConfig.enabled() ? AclStore.open(dataDir.resolve("security")) : null;
        Authorizer authorizer = aclStore == null ? Authorizer.ALLOW_ALL
            : new FreshetAuthorizer(aclConfig).follow(aclStore);
        // quota.window.num x quota.window.size.seconds: Kafka's defaults, 11 x 1 s.
        int samples = positiveInt(props, "quota.window.num", 11);
        int windowSeconds = positiveInt(props, "quota.window.size.seconds", 1);
        ConnectionLimits limits = ConnectionLimits.from(props);
        QuotaStore quotaStore = QuotaStore.open(dataDir.resolve("security"));
        QuotaManager quotas = new QuotaManager(quotaStore, Time.SYSTEM, samples, windowSeconds * 1000L,
            QuotaManager.DEFAULT_EXPIRE_MS);
        return new Security(authorizer, sasl, aclStore, quotaStore, quotas, limits,
            InternalClientProperties.of(props));
    }

    /** No security: everything allowed, no users (tests of other things). */
    public static Security none() {
        return new Security(Authorizer.ALLOW_ALL,
            new SaslAuthentication(new SaslSettings(Map.of()), ScramCredentialStore.inMemory()), null, null, null,
            ConnectionLimits.NONE, Map.of());
    }

    private static int positiveInt(Map<String, String> props, String key, int fallback) {
        String value = props.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a positive integer");
        }
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    /** The ACL store CreateAcls / DescribeAcls / DeleteAcls use; empty without an authorizer (SECURITY_DISABLED). */
    public Optional<AclStore> acls() {
        return Optional.ofNullable(aclStore);
    }

    public PasswordCheck passwords() {
        return passwords;
    }

    /**
     * What the broker's in-process Kafka clients (console, REST v2 consumers, SQL engine) add to their configuration
     * to connect to the listener {@code inter.broker.listener.name} names (default: the first) with the broker's own
     * credentials; empty on a PLAINTEXT listener. See {@link InternalClientProperties}.
     */
    public Map<String, Object> internalClientProperties() {
        return internalClientProperties;
    }

    /** The listener the broker's in-process clients connect to ({@code inter.broker.listener.name}, or the first). */
    public static String internalListenerName(Map<String, String> props) {
        return InternalClientProperties.listenerName(props);
    }

    /** SASL on the Kafka listener: mechanisms, SASL servers, the SCRAM credential store. */
    public SaslAuthentication sasl() {
        return sasl;
    }

    /** The stored client quotas (AlterClientQuotas / DescribeClientQuotas); null for {@link #none()}. */
    public QuotaStore quotaStore() {
        return quotaStore;
    }

    /** Throttling by client quota; null for {@link #none()} (nothing is ever throttled). */
    public QuotaManager quotas() {
        return quotas;
    }

    /** Connection-count limits of the Kafka listeners. */
    public ConnectionLimits connectionLimits() {
        return connectionLimits;
    }

    @Override
    public void close() {
        sasl.credentials().close();
        if (aclStore != null) {
            aclStore.close();
        }
        if (quotaStore != null) {
            quotaStore.close();
        }
    }
}
