package io.freshet.server.gateway;

import io.freshet.security.auth.PasswordCheck;
import io.freshet.security.auth.PasswordCheckUnavailableException;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * MQTT CONNECT and HTTP Basic passwords checked by the cluster itself: the user name and password are tried in a
 * SASL login to the cluster ({@link Login}); accepted means {@code User:NAME}, as a Kafka client logging in with them
 * would be. So the gateway's users are the cluster's ({@code kafka-configs.sh --alter --add-config
 * 'SCRAM-SHA-256=[password=...]' --entity-type users --entity-name NAME}), and several gateways agree without a store.
 *
 * <p>An accepted password is remembered for {@code cacheTtl} as an HMAC-SHA-256 of the user name and password under
 * a key random per process (never the password), so a reconnect storm of one device, or an HTTP client repeating its
 * Basic header, does not open a Kafka connection per attempt. The price: a password changed or a user deleted on the
 * cluster still works here until its entry expires. A refused password is never remembered.
 *
 * <p>A login the cluster could not answer (unreachable, timed out) is not a wrong password: the check throws
 * {@link PasswordCheckUnavailableException} (the listeners answer MQTT 0x88, HTTP 503) and logs the outage once.
 * While the cluster does not answer, one login at a time probes it and every other check not remembered fails at
 * once the same way, instead of each holding a check thread for the whole timeout while a reconnect storm queues
 * behind them; the first answer (right or wrong password) ends the outage.
 *
 * <p>Thread-safe. A check that misses the cache blocks for one login (up to the timeout): callers run it on a thread
 * that may block ({@link PasswordCheck}'s contract; the listeners' {@code mqtt-auth} and {@code http-auth} pools).
 */
public final class ClusterPasswordCheck implements PasswordCheck {

    private static final Logger log = LoggerFactory.getLogger(ClusterPasswordCheck.class);
    /** The client id prefix of the short-lived login clients (their own log lines carry it). */
    static final String CLIENT_ID_PREFIX = "freshet-gateway-auth-";
    static final int MAX_REMEMBERED = 10_000;
    static final int CONCURRENT_LOGINS = 8;

    /** One login to the cluster as a user. */
    interface Login {
        Outcome tryLogin(String username, String password);
    }

    /** What the cluster said of a login: ACCEPTED, REFUSED (wrong user or password), or no answer ({@code failure}). */
    record Outcome(boolean accepted, Throwable failure) {
        static final Outcome ACCEPTED = new Outcome(true, null);
        static final Outcome REFUSED = new Outcome(false, null);

        static Outcome failed(Throwable failure) {
            return new Outcome(false, failure);
        }
    }

    private record Remembered(byte[] mac, long expiresNanos) {
    }

    private final Login login;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final SecretKeySpec key;
    private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();
    /** Set by a login the cluster could not answer, cleared by its next answer: an outage (one warning each). */
    private final AtomicBoolean unreachable = new AtomicBoolean();
    /** During an outage, whether a login is under way to find out if the cluster answers again. */
    private final AtomicBoolean probing = new AtomicBoolean();

    ClusterPasswordCheck(Login login, Duration cacheTtl, LongSupplier nanoTime) {
        this.login = login;
        this.ttlNanos = cacheTtl.toNanos();
        this.nanoTime = nanoTime;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Logins to {@code bootstrapServers} with the gateway's client keys and {@code auth}'s mechanism and timeout. */
    public static ClusterPasswordCheck of(GatewayAuthConfig auth, String bootstrapServers,
                                          java.util.Map<String, Object> clientProperties) {
        return new ClusterPasswordCheck(new ClusterLogin(bootstrapServers, clientProperties, auth.saslMechanism(),
            auth.checkTimeout()), auth.cacheTtl(), System::nanoTime);
    }

    /** A login mostly waits on the network: 8 at once, so a reconnect storm of new users is not served one by one. */
    @Override
    public int concurrency() {
        return CONCURRENT_LOGINS;
    }

    @Override
    public Optional<KafkaPrincipal> check(String username, byte[] password) {
        if (username == null || username.isEmpty() || password == null) {
            return Optional.empty();
        }
        String secret = utf8(password);
        if (secret == null) {
            return Optional.empty(); // MQTT allows any bytes; a SASL password is text
        }
        byte[] mac = mac(username, password);
        Remembered known = remembered.get(username);
        if (known != null && known.expiresNanos() - nanoTime.getAsLong() > 0
                && MessageDigest.isEqual(known.mac(), mac)) {
            return Optional.of(principal(username));
        }
        Outcome outcome = loginOrFailFast(username, secret);
        if (outcome.failure() != null) {
            if (unreachable.compareAndSet(false, true)) {
                log.warn("cluster unreachable for password checks: users not remembered are refused as 'server"
                    + " unavailable' until it answers ({})", outcome.failure().toString());
            } else {
                log.debug("cluster unreachable: user {} not checked", username, outcome.failure());
            }
            throw new PasswordCheckUnavailableException("the cluster did not answer a login ("
                + outcome.failure().getClass().getSimpleName() + ": " + outcome.failure().getMessage() + ")");
        }
        if (unreachable.compareAndSet(true, false)) {
            log.info("cluster answers password checks again");
        }
        if (!outcome.accepted()) {
            return Optional.empty(); // a remembered right password stays: a wrong guess changes nothing
        }
        if (ttlNanos > 0) {
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear(); // many users at once: start over rather than grow
            }
            remembered.put(username, new Remembered(mac, nanoTime.getAsLong() + ttlNanos));
        }
        return Optional.of(principal(username));
    }

    /** A login, unless the cluster is out and another check is already probing it. */
    private Outcome loginOrFailFast(String username, String secret) {
        if (!unreachable.get()) {
            return login.tryLogin(username, secret);
        }
        if (!probing.compareAndSet(false, true)) {
            throw new PasswordCheckUnavailableException("the cluster did not answer the last login; another is"
                + " trying it now");
        }
        try {
            return login.tryLogin(username, secret);
        } finally {
            probing.set(false);
        }
    }

    private static KafkaPrincipal principal(String username) {
        return new KafkaPrincipal(KafkaPrincipal.USER_TYPE, username);
    }

    private byte[] mac(String username, byte[] password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(username.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
