package io.freshet.security.auth;

import io.freshet.security.sasl.ScramCredentialStore;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The broker's users for MQTT and HTTP: a PLAIN user of any listener's JAAS configuration, then a SCRAM user,
 * whose password is checked by deriving the salted password with the stored salt and iterations (Kafka's
 * {@link ScramFormatter}) and comparing the resulting stored key in constant time.
 *
 * <p>The derivation costs its iterations of PBKDF2 (milliseconds), and HTTP's Basic authentication repeats the
 * password on every request: a successful SCRAM check is remembered as a keyed hash of the password (HMAC-SHA-256
 * under a key random per process, never the password), tied to the very credential object it was checked against,
 * so a changed or deleted credential invalidates it at once. At most {@value #MAX_REMEMBERED} users are remembered.
 */
public final class UserPasswordCheck implements PasswordCheck {

    static final int MAX_REMEMBERED = 10_000;

    private final List<BiPredicate<String, char[]>> plainUsers;
    private final ScramCredentialStore scram;
    private final byte[] rememberKey = new byte[32];
    private final Map<String, Remembered> remembered = new java.util.concurrent.ConcurrentHashMap<>();

    /** A password that matched {@code credential}, as its keyed hash. */
    private record Remembered(ScramCredential credential, byte[] passwordMac) {
    }

    /** @param plainUsers one check per JAAS configuration that defines PLAIN users */
    public UserPasswordCheck(List<BiPredicate<String, char[]>> plainUsers, ScramCredentialStore scram) {
        this.plainUsers = List.copyOf(plainUsers);
        this.scram = scram;
        new java.security.SecureRandom().nextBytes(rememberKey);
    }

    @Override
    public Optional<KafkaPrincipal> check(String username, byte[] password) {
        if (username == null || username.isEmpty() || password == null) {
            return Optional.empty();
        }
        char[] chars = decode(password);
        if (chars == null) {
            return Optional.empty();
        }
        try {
            for (BiPredicate<String, char[]> plain : plainUsers) {
                if (plain.test(username, chars)) {
                    return Optional.of(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, username));
                }
            }
            Map<ScramMechanism, ScramCredential> creds = scram.users().get(username);
            if (creds == null) {
                return Optional.empty();
            }
            byte[] mac = mac(password);
            Remembered known = remembered.get(username);
            if (known != null && creds.containsValue(known.credential())
                && MessageDigest.isEqual(known.passwordMac(), mac)) {
                return Optional.of(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, username));
            }
            String text = new String(chars);
            for (Map.Entry<ScramMechanism, ScramCredential> entry : creds.entrySet()) {
                if (matches(entry.getKey(), entry.getValue(), text)) {
                    if (remembered.size() >= MAX_REMEMBERED) {
                        remembered.clear();
                    }
                    remembered.put(username, new Remembered(entry.getValue(), mac));
                    return Optional.of(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, username));
                }
            }
            return Optional.empty();
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private byte[] mac(byte[] password) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(rememberKey, "HmacSHA256"));
            return mac.doFinal(password);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("The JVM lacks HmacSHA256", e);
        }
    }

    static boolean matches(ScramMechanism mechanism, ScramCredential credential, String password) {
        try {
            ScramFormatter formatter = new ScramFormatter(mechanism);
            byte[] salted = formatter.saltedPassword(password, credential.salt(), credential.iterations());
            byte[] storedKey = formatter.storedKey(formatter.clientKey(salted));
            return MessageDigest.isEqual(storedKey, credential.storedKey());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            return false;
        }
    }

    /** Strict UTF-8: a password that is not valid UTF-8 matches nobody. */
    private static char[] decode(byte[] password) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(password));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
