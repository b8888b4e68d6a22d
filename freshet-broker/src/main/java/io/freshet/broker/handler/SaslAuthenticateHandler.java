package io.freshet.broker.handler;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * SaslAuthenticate (key 36), versions 0-2: one SASL token of the exchange the handshake began, evaluated by
 * kafka-clients' SASL server (see {@link AuthenticationGate#evaluate}). v1 adds session_lifetime_ms (KIP-368: the
 * client re-authenticates before it ends); v2 is flexible. A failure answers SASL_AUTHENTICATION_FAILED with
 * Kafka's message after the failed-authentication delay, and the connection closes. Outside an exchange (a
 * plaintext listener, an authenticated connection) the answer is KafkaApis': ILLEGAL_SASL_STATE.
 */
final class SaslAuthenticateHandler
    implements ApiHandler<SaslAuthenticateRequestData, SaslAuthenticateResponseData> {

    private static final Logger log = LoggerFactory.getLogger(SaslAuthenticateHandler.class);
    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.SASL_AUTHENTICATE, 0, 2);

    private final AuthenticationGate gate;

    SaslAuthenticateHandler(AuthenticationGate gate) {
        this.gate = gate;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<SaslAuthenticateResponseData> handle(RequestContext context,
                                                                  SaslAuthenticateRequestData request) {
        ConnectionState connection = context.connection();
        SaslSession session = connection.sasl();
        if (!AuthenticationGate.isSasl(connection.securityProtocol())
            || session.stage() != SaslSession.Stage.AUTHENTICATE || session.expectsRawTokens()) {
            return CompletableFuture.completedFuture(new SaslAuthenticateResponseData()
                .setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                .setErrorMessage("SaslAuthenticate request received after successful authentication"));
        }
        boolean reauthentication = session.reauthenticating();
        try {
            AuthenticationGate.Step step = gate.evaluate(connection, request.authBytes(), System.nanoTime());
            if (step.complete()) {
                log.debug("{} {} {} from {} with {}", reauthentication ? "Re-authenticated" : "Authenticated",
                    connection.principal(), "on listener " + connection.listenerName(), context.remoteAddress(),
                    session.mechanism());
            }
            return CompletableFuture.completedFuture(new SaslAuthenticateResponseData()
                .setErrorCode(Errors.NONE.code())
                .setAuthBytes(step.response() == null ? new byte[0] : step.response())
                .setSessionLifetimeMs(step.sessionLifetimeMs()));
        } catch (SaslAuthenticationException e) {
            log.info("Failed {} of a client at {} on listener {}: {}",
                reauthentication ? "re-authentication" : "authentication", context.remoteAddress(),
                connection.listenerName(), e.getMessage());
            return gate.afterFailureDelay(context, new SaslAuthenticateResponseData()
                .setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code())
                .setErrorMessage(e.getMessage()));
        }
    }
}
