package io.freshet.security;

import io.freshet.security.acl.Authorizer;
import io.freshet.security.auth.PasswordCheck;
import io.freshet.security.connection.ConnectionLimits;
import io.freshet.security.quota.QuotaManager;
import io.freshet.security.quota.QuotaStore;
import org.apache.kafka.common.utils.Time;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything security for every listener, built once from the broker's Kafka-named properties and its data
 * directory (where users, ACLs and quotas are stored), and handed to the Kafka, MQTT and HTTP listeners.
 *
 * <p>Thread-safe; the stores behind it have one writer each (the Kafka handlers of the admin APIs).
 */
public final class Security implements AutoCloseable {

    private final Authorizer authorizer;
    private final PasswordCheck passwords;
    // quota: client quotas (null store = none stored and none storable: Security.none()) and connection limits.
    private QuotaStore quotaStore;
    private QuotaManager quotas;
    private ConnectionLimits connectionLimits = ConnectionLimits.NONE;

    private Security(Authorizer authorizer, PasswordCheck passwords) {
        this.authorizer = authorizer;
        this.passwords = passwords;
    }

    // quota: quota.window.num / quota.window.size.seconds (Kafka's defaults 11 x 1 s), the store, connection limits.
    private Security withQuotas(Map<String, String> props, Path dataDir) {
        int samples = intKey(props, "quota.window.num", 11);
        int windowSeconds = intKey(props, "quota.window.size.seconds", 1);
        ConnectionLimits limits = ConnectionLimits.from(props);
        this.quotaStore = QuotaStore.open(dataDir.resolve("security"));
        this.quotas = new QuotaManager(quotaStore, Time.SYSTEM, samples, windowSeconds * 1000L,
            QuotaManager.DEFAULT_EXPIRE_MS);
        this.connectionLimits = limits;
        return this;
    }

    private static int intKey(Map<String, String> props, String key, int fallback) {
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

    /**
     * Reads the security keys of {@code props} and the stores under {@code dataDir}.
     *
     * @throws IllegalArgumentException a bad value, naming its key
     */
    public static Security open(Map<String, String> props, Path dataDir) {
        return new Security(Authorizer.ALLOW_ALL, PasswordCheck.NONE)
            .withQuotas(props, dataDir);
    }

    /** No security: everything allowed, no users (tests of other things). */
    public static Security none() {
        return new Security(Authorizer.ALLOW_ALL, PasswordCheck.NONE);
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public PasswordCheck passwords() {
        return passwords;
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
        if (quotaStore != null) {
            quotaStore.close();
        }
    }
}
