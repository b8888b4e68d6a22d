package io.freshet.security.auth;

/**
 * A {@link PasswordCheck} could not decide now: the store of users did not answer (a gateway's cluster unreachable).
 * Not a wrong password: the listeners answer "try again later" (MQTT 0x88 Server unavailable, HTTP 503), so a
 * device retries instead of taking its credentials for bad.
 */
public final class PasswordCheckUnavailableException extends RuntimeException {

    public PasswordCheckUnavailableException(String message) {
        super(message, null, false, false); // an expected answer during an outage: no stack trace to fill
    }
}
