package io.freshet.broker.handler;

import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SaslHandshake (key 17), versions 0-1: the client names its mechanism. On a SASL listener before authentication
 * the answer lists the listener's enabled mechanisms (UNSUPPORTED_SASL_MECHANISM, after the failed-authentication
 * delay and followed by the close, when the client's is not among them). v0 means bare SASL tokens follow instead
 * of SaslAuthenticate requests. On an authenticated connection with a session lifetime it begins a KIP-368
 * re-authentication (the mechanism must stay the same). Anywhere else Kafka's KafkaApis answers ILLEGAL_SASL_STATE.
 */
final class SaslHandshakeHandler implements ApiHandler<SaslHandshakeRequestData, SaslHandshakeResponseData> {

    private static final Logger log = LoggerFactory.getLogger(SaslHandshakeHandler.class);
    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.SASL_HANDSHAKE, 0, 1);

    private final AuthenticationGate gate;

    SaslHandshakeHandler(AuthenticationGate gate) {
        this.gate = gate;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<SaslHandshakeResponseData> handle(RequestContext context,
                                                               SaslHandshakeRequestData request) {
        ConnectionState connection = context.connection();
        SaslSession session = connection.sasl();
        long now = System.nanoTime();
        boolean reauthentication = session.stage() == SaslSession.Stage.COMPLETE
            && session.canBeginReauthentication(now);
        if (!AuthenticationGate.isSasl(connection.securityProtocol())
            || session.stage() != SaslSession.Stage.HANDSHAKE && !reauthentication) {
            return CompletableFuture.completedFuture(
                new SaslHandshakeResponseData().setErrorCode(Errors.ILLEGAL_SASL_STATE.code()));
        }
        List<String> enabled = gate.sasl().mechanisms(connection.listenerName());
        String mechanism = request.mechanism();
        if (!enabled.contains(mechanism)) {
            log.info("Client at {} asked for SASL mechanism '{}', not enabled on listener {} ({})",
                context.remoteAddress(), mechanism, connection.listenerName(), enabled);
            session.fail();
            SaslHandshakeResponseData refused = new SaslHandshakeResponseData()
                .setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code()).setMechanisms(enabled);
            return gate.afterFailureDelay(context, refused);
        }
        if (reauthentication) {
            session.beginReauthentication(mechanism, gate.sasl().newServer(connection.listenerName(), mechanism),
                now);
        } else {
            session.begin(mechanism, gate.sasl().newServer(connection.listenerName(), mechanism),
                context.apiVersion() == 0);
        }
        return CompletableFuture.completedFuture(
            new SaslHandshakeResponseData().setErrorCode(Errors.NONE.code()).setMechanisms(enabled));
    }

}
