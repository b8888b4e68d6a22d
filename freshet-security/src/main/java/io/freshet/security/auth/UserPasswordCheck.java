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
 */
public final class UserPasswordCheck implements PasswordCheck {

    private final List<BiPredicate<String, char[]>> plainUsers;
    private final ScramCredentialStore scram;

    /** @param plainUsers one check per JAAS configuration that defines PLAIN users */
    public UserPasswordCheck(List<BiPredicate<String, char[]>> plainUsers, ScramCredentialStore scram) {
        this.plainUsers = List.copyOf(plainUsers);
        this.scram = scram;
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
            if (creds != null) {
                String text = new String(chars);
                for (Map.Entry<ScramMechanism, ScramCredential> entry : creds.entrySet()) {
                    if (matches(entry.getKey(), entry.getValue(), text)) {
                        return Optional.of(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, username));
                    }
                }
            }
            return Optional.empty();
        } finally {
            Arrays.fill(chars, '\0');
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
