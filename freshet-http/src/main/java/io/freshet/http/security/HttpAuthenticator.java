package io.freshet.http.security;

import io.freshet.security.acl.Authorizer;
import io.freshet.security.auth.ClientAuthentication;
import io.freshet.security.auth.PasswordCheck;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one place the HTTP listener decides who sent a request:
 * <ul>
 *   <li>{@code Authorization: Basic} user:password: {@code User:NAME} if {@link PasswordCheck} accepts it, else
 *       401 (a wrong password, a malformed header, another scheme), or 503 when the check could not be made now
 *       ({@link PasswordCheckUnavailableException}, passed on to {@code HttpErrors});</li>
 *   <li>none, on an HTTPS connection with a verified client certificate: the certificate's principal;</li>
 *   <li>none: {@code User:ANONYMOUS}, or 401 when {@code http.allow.anonymous=false}.</li>
 * </ul>
 * A check may cost PBKDF2 (SCRAM), so it runs on {@code checks}, never on an event loop; a successful one is
 * remembered for {@value #CACHE_SECONDS} s under the SHA-256 of the header (never the header itself), so a REST client
 * sending the same header with every request pays the check once. A failed one is never cached. Thread-safe.
 */
public final class HttpAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(HttpAuthenticator.class);
    static final long CACHE_SECONDS = 30;
    private static final int CACHE_MAX_ENTRIES = 10_000;
    private static final String BASIC = "basic ";

    private final ClientAuthentication authentication;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(KafkaPrincipal principal, long expiresNanos) {
    }

    public HttpAuthenticator(PasswordCheck passwords, Authorizer authorizer, boolean allowAnonymous, Executor checks,
                             Function<SSLSession, KafkaPrincipal> certificatePrincipal) {
        this.authentication = new ClientAuthentication(passwords, authorizer, allowAnonymous, checks,
            certificatePrincipal);
    }

    /** Everyone is anonymous and may do anything (tests of other things). */
    public static HttpAuthenticator open() {
        return new HttpAuthenticator(PasswordCheck.NONE, Authorizer.ALLOW_ALL, true, Runnable::run,
            session -> KafkaPrincipal.ANONYMOUS);
    }

    /**
     * What {@code request} on {@code channel} may do: completes at once without a header or with a cached one, else
     * on a check thread; fails with {@link SaslAuthenticationException} (401) when the credentials are refused.
     */
    public CompletableFuture<RequestAccess> authenticate(HttpRequest request, Channel channel) {
        InetAddress address = channel.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null) {
            SslHandler ssl = channel.pipeline().get(SslHandler.class);
            Optional<KafkaPrincipal> principal = authentication.withoutCredentials(
                ssl == null ? null : ssl.engine().getSession());
            if (principal.isEmpty()) {
                return CompletableFuture.failedFuture(new SaslAuthenticationException(
                    "Authentication required (http.allow.anonymous=false): send Authorization: Basic"));
            }
            return CompletableFuture.completedFuture(access(principal.get(), address));
        }
        String key = sha256(header);
        Cached cached = cache.get(key);
        if (cached != null && cached.expiresNanos() - System.nanoTime() > 0) {
            return CompletableFuture.completedFuture(access(cached.principal(), address));
        }
        return authentication.onCheckThread(() -> access(check(header, key, address), address));
    }

    private KafkaPrincipal check(String header, String key, InetAddress address) {
        String[] credentials = basicCredentials(header);
        if (credentials != null) {
            Optional<KafkaPrincipal> principal = authentication.checkPassword(credentials[0],
                credentials[1].getBytes(StandardCharsets.UTF_8));
            if (principal.isPresent()) {
                if (cache.size() >= CACHE_MAX_ENTRIES) {
                    cache.clear(); // many users at once: start over rather than grow
                }
                cache.put(key, new Cached(principal.get(),
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(CACHE_SECONDS)));
                return principal.get();
            }
            log.info("HTTP request from {}: authentication failed for user {}", address, credentials[0]);
        }
        throw new SaslAuthenticationException("Authentication failed: bad user name or password");
    }

    /** {@code [user, password]} of a well-formed Basic header, else null. */
    private static String[] basicCredentials(String header) {
        if (header.length() <= BASIC.length() || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private RequestAccess access(KafkaPrincipal principal, InetAddress address) {
        return new RequestAccess(authentication.authorizer(), principal, address);
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
