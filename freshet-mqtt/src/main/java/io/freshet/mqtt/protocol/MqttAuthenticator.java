package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.message.ReasonCode;
import io.freshet.security.acl.Authorizer;
import io.freshet.security.auth.ClientAuthentication;
import io.freshet.security.auth.PasswordCheck;
import io.freshet.security.auth.PasswordCheckUnavailableException;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The one place the MQTT listener decides who a connection is, at its CONNECT:
 * <ul>
 *   <li>a user name (with or without a password): {@code User:NAME} if {@link PasswordCheck} accepts the password,
 *       else refused with 0x86 Bad User Name or Password (3.1.1: return code 4), or with 0x88 Server unavailable
 *       (3.1.1: 3) when the check could not be made now ({@link PasswordCheckUnavailableException});</li>
 *   <li>no user name on a TLS connection with a client certificate: the certificate's principal, as on Kafka's SSL
 *       listener;</li>
 *   <li>nothing: {@code User:ANONYMOUS}, or refused with 0x87 Not authorized (3.1.1: 5) when
 *       {@code mqtt.allow.anonymous=false}.</li>
 * </ul>
 * A password check may cost a SCRAM credential's PBKDF2 iterations, so it runs on {@code checks} (never the
 * connection's event loop). Thread-safe.
 */
public final class MqttAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(MqttAuthenticator.class);

    private final ClientAuthentication authentication;

    /**
     * @param certificatePrincipal the principal of a TLS session with a verified client certificate (Kafka's rules:
     *                             {@code ssl.principal.mapping.rules} over the subject DN)
     */
    public MqttAuthenticator(PasswordCheck passwords, Authorizer authorizer, boolean allowAnonymous, Executor checks,
                             Function<SSLSession, KafkaPrincipal> certificatePrincipal) {
        this.authentication = new ClientAuthentication(passwords, authorizer, allowAnonymous, checks,
            certificatePrincipal);
    }

    /** Everyone is {@code User:ANONYMOUS} and may do anything (tests of other things). */
    public static MqttAuthenticator open() {
        return new MqttAuthenticator(PasswordCheck.NONE, Authorizer.ALLOW_ALL, true, Runnable::run,
            session -> KafkaPrincipal.ANONYMOUS);
    }

    Authorizer authorizer() {
        return authentication.authorizer();
    }

    /** Who the client is, or the CONNACK refusal. */
    sealed interface Result {
    }

    record Authenticated(KafkaPrincipal principal, InetAddress address) implements Result {
    }

    record Refused(Outcome outcome) implements Result {
    }

    /**
     * Decides the principal of the connection on {@code channel} from its CONNECT's {@code username} and
     * {@code password} (either may be null). Completes on a password-check thread, or at once without a password
     * check.
     */
    CompletableFuture<Result> authenticate(Channel channel, String username, byte[] password) {
        InetAddress address = channel.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        if (username != null) {
            byte[] secret = password == null ? new byte[0] : password;
            return authentication.onCheckThread(() -> checkPassword(username, secret, address));
        }
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        Optional<KafkaPrincipal> principal = authentication.withoutCredentials(
            ssl == null ? null : ssl.engine().getSession());
        if (principal.isEmpty()) {
            return CompletableFuture.completedFuture(new Refused(Outcome.failure(ReasonCode.NOT_AUTHORIZED,
                "a user name and password are required (mqtt.allow.anonymous=false)")));
        }
        return CompletableFuture.completedFuture(new Authenticated(principal.get(), address));
    }

    private Result checkPassword(String username, byte[] password, InetAddress address) {
        try {
            Optional<KafkaPrincipal> principal = authentication.checkPassword(username, password);
            if (principal.isPresent()) {
                return new Authenticated(principal.get(), address);
            }
        } catch (PasswordCheckUnavailableException e) {
            log.debug("MQTT client from {}: user {} not checked now: {}", address, username, e.getMessage());
            return new Refused(Outcome.failure(ReasonCode.SERVER_UNAVAILABLE,
                "the password cannot be checked now; try again later"));
        } catch (RuntimeException e) {
            log.warn("Password check of MQTT user {} failed", username, e);
        }
        log.info("MQTT client from {}: authentication failed for user {}", address, username);
        return new Refused(Outcome.failure(ReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password"));
    }
}
