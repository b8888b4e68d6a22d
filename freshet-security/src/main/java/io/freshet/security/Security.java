package io.freshet.security;

import io.freshet.security.acl.Authorizer;
import io.freshet.security.auth.PasswordCheck;
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
        return new Security(Authorizer.ALLOW_ALL, sasl.passwordCheck(), sasl);
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

    /** SASL on the Kafka listener: mechanisms, SASL servers, the SCRAM credential store. */
    public SaslAuthentication sasl() {
        return sasl;
    }

    @Override
    public void close() {
        sasl.credentials().close();
    }
}
