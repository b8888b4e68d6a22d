package io.freshet.security;

import io.freshet.security.acl.Authorizer;
import io.freshet.security.auth.PasswordCheck;
import io.freshet.security.client.InternalClientProperties;
import io.freshet.security.sasl.SaslAuthentication;
import io.freshet.security.sasl.SaslSettings;
import io.freshet.security.sasl.ScramCredentialStore;

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
    private final SaslAuthentication sasl;
    /** gateways: how the broker's in-process clients connect to its own Kafka listener. */
    private Map<String, Object> internalClientProperties = Map.of();

    private Security(Authorizer authorizer, PasswordCheck passwords, SaslAuthentication sasl) {
        this.authorizer = authorizer;
        this.passwords = passwords;
        this.sasl = sasl;
    }

    /**
     * Reads the security keys of {@code props} and the stores under {@code dataDir}.
     *
     * @throws IllegalArgumentException a bad value, naming its key
     */
    public static Security open(Map<String, String> props, Path dataDir) {
        SaslAuthentication sasl = new SaslAuthentication(new SaslSettings(props), ScramCredentialStore.open(dataDir));
        Security security = new Security(Authorizer.ALLOW_ALL, sasl.passwordCheck(), sasl);
        security.internalClientProperties = InternalClientProperties.of(props); // gateways
        return security;
    }

    /** No security: everything allowed, no users (tests of other things). */
    public static Security none() {
        return new Security(Authorizer.ALLOW_ALL, PasswordCheck.NONE,
            new SaslAuthentication(new SaslSettings(Map.of()), ScramCredentialStore.inMemory()));
    }

    public Authorizer authorizer() {
        return authorizer;
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

    @Override
    public void close() {
        sasl.credentials().close();
    }
}
