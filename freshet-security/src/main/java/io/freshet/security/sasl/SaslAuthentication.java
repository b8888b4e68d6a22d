package io.freshet.security.sasl;

import io.freshet.security.auth.PasswordCheck;
import io.freshet.security.auth.UserPasswordCheck;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;

import javax.security.sasl.SaslServer;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * What the Kafka listener needs for SASL: the mechanisms each listener offers, a fresh kafka-clients
 * {@link SaslServer} per authentication (PLAIN over the listener's JAAS users, SCRAM over the credential store), the
 * re-authentication lifetime and the failed-authentication delay. Thread-safe.
 */
public final class SaslAuthentication {

    private final SaslSettings settings;
    private final ScramCredentialStore credentials;
    private final Map<String, PlainUsers> plainUsers = new ConcurrentHashMap<>();
    private static final PlainUsers NO_USERS = new PlainUsers("(none)",
        "org.apache.kafka.common.security.plain.PlainLoginModule required;");

    public SaslAuthentication(SaslSettings settings, ScramCredentialStore credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    public SaslSettings settings() {
        return settings;
    }

    public ScramCredentialStore credentials() {
        return credentials;
    }

    public List<String> mechanisms(String listener) {
        return settings.mechanisms(listener);
    }

    /**
     * A server for one authentication on {@code listener}.
     *
     * @throws IllegalArgumentException the mechanism is not one Freshet has (callers check the enabled list first)
     */
    public SaslServer newServer(String listener, String mechanism) {
        if (PlainSaslServer.PLAIN_MECHANISM.equals(mechanism)) {
            return new PlainSaslServer(plainUsers(listener).handler());
        }
        ScramMechanism scram = ScramMechanism.forMechanismName(mechanism);
        if (scram == null) {
            throw new IllegalArgumentException("Unsupported SASL mechanism " + mechanism);
        }
        try {
            return new ScramSaslServer(scram, Map.of(), new ScramCallbackHandler(credentials, scram));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks " + scram.hashAlgorithm(), e);
        }
    }

    /** The users MQTT and HTTP accept: the PLAIN users of every JAAS configuration, then the SCRAM users. */
    public PasswordCheck passwordCheck() {
        List<BiPredicate<String, char[]>> plain = settings.allPlainJaas().stream()
            .map(entry -> new PlainUsers(entry.getKey(), entry.getValue()))
            .<BiPredicate<String, char[]>>map(users -> users::check)
            .toList();
        return new UserPasswordCheck(plain, credentials);
    }

    /** The listener's PLAIN users, parsed once. */
    PlainUsers plainUsers(String listener) {
        return plainUsers.computeIfAbsent(listener.toLowerCase(java.util.Locale.ROOT), l -> {
            Map.Entry<String, String> jaas = settings.plainJaas(l);
            return jaas == null ? NO_USERS : new PlainUsers(jaas.getKey(), jaas.getValue());
        });
    }
}
