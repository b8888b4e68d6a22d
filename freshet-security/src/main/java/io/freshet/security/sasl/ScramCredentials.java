package io.freshet.security.sasl;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

/**
 * Builds the stored form of a SCRAM credential (RFC 5802: StoredKey = H(HMAC(SaltedPassword, "Client Key")),
 * ServerKey = HMAC(SaltedPassword, "Server Key")) with Kafka's {@link ScramFormatter}.
 */
public final class ScramCredentials {

    private ScramCredentials() {
    }

    /** What AlterUserScramCredentials sends: the client salted the password, the broker keeps only the keys. */
    public static ScramCredential fromSaltedPassword(ScramMechanism mechanism, byte[] salt, byte[] saltedPassword,
                                                     int iterations) {
        try {
            ScramFormatter formatter = new ScramFormatter(mechanism);
            return new ScramCredential(salt.clone(), formatter.storedKey(formatter.clientKey(saltedPassword)),
                formatter.serverKey(saltedPassword), iterations);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Cannot derive a " + mechanism.mechanismName() + " credential", e);
        }
    }

    /** A credential for {@code password} with a fresh random salt. */
    public static ScramCredential fromPassword(ScramMechanism mechanism, String password, int iterations) {
        try {
            return new ScramFormatter(mechanism).generateCredential(password, iterations);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks " + mechanism.hashAlgorithm(), e);
        }
    }
}
