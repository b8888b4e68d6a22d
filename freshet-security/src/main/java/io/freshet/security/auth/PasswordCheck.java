package io.freshet.security.auth;

import org.apache.kafka.common.security.auth.KafkaPrincipal;

import java.util.Optional;

/**
 * A user name and password checked against the broker's users: the PLAIN users of the JAAS configuration and the
 * SCRAM credentials (verified against the stored salted keys, never a stored password). What MQTT's CONNECT and
 * HTTP's Basic authentication use; the Kafka listener runs SASL itself.
 *
 * <p>Thread-safe. A SCRAM check costs its iterations of PBKDF2 (4,096 by default, about a millisecond): callers on
 * an event loop hand it to a thread that may block.
 */
public interface PasswordCheck {

    /**
     * The principal ({@code User:NAME}) when the password is right for that user; empty otherwise.
     *
     * @throws PasswordCheckUnavailableException the users' store could not answer now (the client should retry)
     */
    Optional<KafkaPrincipal> check(String username, byte[] password);

    /**
     * How many checks a listener should run at once: a check that costs CPU (PBKDF2) gains nothing from more than a
     * couple; one that mostly waits on the network (a login to a cluster) does.
     */
    default int concurrency() {
        return 2;
    }

    /** No users at all: every check fails. */
    PasswordCheck NONE = (username, password) -> Optional.empty();
}
