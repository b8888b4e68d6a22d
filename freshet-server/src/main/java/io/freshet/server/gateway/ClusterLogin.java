package io.freshet.server.gateway;

import io.freshet.server.gateway.ClusterPasswordCheck.Outcome;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One SASL login to the cluster as a given user: a short-lived Admin client with that user's JAAS configuration
 * (the gateway's other client keys, TLS included, as they are) asks for the cluster id, bounded by the check timeout,
 * and is closed. A {@link SaslAuthenticationException} is a refused password; anything else (no answer, TLS trouble,
 * a mechanism the cluster does not enable) means the cluster could not say.
 *
 * <p>Stateless and thread-safe; it blocks for up to the timeout, so it runs on the listeners' password-check threads
 * ({@code mqtt-auth}, {@code http-auth}), never on an event loop.
 */
final class ClusterLogin implements ClusterPasswordCheck.Login {

    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    /** Keys of the gateway's own login that must not carry over to a user's. */
    private static final String[] OWN_LOGIN_KEYS = {SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS,
        SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, SaslConfigs.SASL_LOGIN_CLASS};
    private static final AtomicLong IDS = new AtomicLong();

    private final Map<String, Object> base;
    private final String module;
    private final Duration timeout;

    /**
     * @param clientProperties the gateway's own client keys ({@code kafka.*}, prefix removed): security protocol, TLS
     * @param mechanism        SCRAM-SHA-256, SCRAM-SHA-512 or PLAIN
     */
    ClusterLogin(String bootstrapServers, Map<String, Object> clientProperties, String mechanism, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        for (String key : OWN_LOGIN_KEYS) {
            config.remove(key);
        }
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(SaslConfigs.SASL_MECHANISM, mechanism);
        int ms = (int) timeout.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) Math.min(ms, 10_000));
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) ms);
        config.put(AdminClientConfig.RETRIES_CONFIG, 0);
        this.base = Map.copyOf(config);
        this.module = mechanism.equals("PLAIN") ? PLAIN_MODULE : SCRAM_MODULE;
        this.timeout = timeout;
    }

    @Override
    public Outcome tryLogin(String username, String password) {
        if (!quotable(username) || !quotable(password)) {
            return Outcome.REFUSED; // a JAAS value cannot hold a line break: no user of the cluster has one
        }
        Map<String, Object> config = new HashMap<>(base);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + quote(username)
            + "\" password=\"" + quote(password) + "\";");
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, ClusterPasswordCheck.CLIENT_ID_PREFIX + IDS.incrementAndGet());
        Admin admin = Admin.create(config);
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).clusterId()
                .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return Outcome.ACCEPTED;
        } catch (ExecutionException e) {
            return e.getCause() instanceof SaslAuthenticationException ? Outcome.REFUSED
                : Outcome.failed(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            return Outcome.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed(e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static boolean quotable(String value) {
        return value.indexOf('\n') < 0 && value.indexOf('\r') < 0;
    }

    /** A JAAS quoted value: Kafka's parser (a StreamTokenizer) reads backslash escapes inside quotes. */
    static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
