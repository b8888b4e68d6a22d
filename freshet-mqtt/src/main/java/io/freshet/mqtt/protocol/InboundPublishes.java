package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.ReasonCode;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.session.DisconnectKind;
import io.freshet.mqtt.session.SessionHandle;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import java.util.Set;

/**
 * A connected client's PUBLISHes and PUBRELs: each PUBLISH checked ({@link InboundPublishCheck}: topic aliases, QoS,
 * properties), its QoS 1/2 packet id counted against the server's Receive Maximum until fully acknowledged, handed
 * to the session, and answered in packet order through the connection's {@link ReplyQueue}: PUBACK, PUBREC, PUBCOMP,
 * or closing the connection where the client's version has no code for the refusal. Created when the session is
 * attached; owned by the connection's event loop, like the {@link MqttConnection} it belongs to.
 */
final class InboundPublishes {

    private static final Logger log = LoggerFactory.getLogger(InboundPublishes.class);
    private static final ThrottledLog throttled = new ThrottledLog(log);

    private final MqttConnection connection;
    private final ChannelHandlerContext ctx;
    private final SessionHandle session;
    private final ReplyQueue replies;
    private final String clientId;
    private final int version;
    private final int receiveMaximum;
    private final boolean problemInformation;
    private final InboundPublishCheck check;
    private final ClientAccess access;
    /** QoS 1 and 2 packet ids not yet fully acknowledged (PUBACK, or PUBCOMP / a failed PUBREC). */
    private final Set<Integer> inFlight = new HashSet<>();

    InboundPublishes(MqttConnection connection, ChannelHandlerContext ctx, SessionHandle session, ReplyQueue replies,
                     String clientId, int version, int receiveMaximum, int topicAliasMaximum,
                     boolean problemInformation, ClientAccess access) {
        this.access = access;
        this.connection = connection;
        this.ctx = ctx;
        this.session = session;
        this.replies = replies;
        this.clientId = clientId;
        this.version = version;
        this.receiveMaximum = receiveMaximum;
        this.problemInformation = problemInformation;
        this.check = new InboundPublishCheck(version, topicAliasMaximum);
    }

    void publish(MqttPublishMessage publish) {
        InboundPublishCheck.Result checked = check.check(publish);
        if (checked instanceof InboundPublishCheck.Violation violation) {
            connection.protocolViolation(violation.reasonCode(), violation.reason());
            return;
        }
        Message message = ((InboundPublishCheck.Accepted) checked).message();
        int packetId = message.qos() > 0 ? publish.variableHeader().packetId() : 0;
        if (message.qos() > 0 && !inFlight.contains(packetId)) {
            if (inFlight.size() >= receiveMaximum && version == 5) {
                connection.protocolViolation(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than Receive Maximum (" + receiveMaximum + ") QoS 1 and 2 PUBLISHes unacknowledged");
                return;
            }
            inFlight.add(packetId);
        }
        Outcome denied = access.checkPublish(message.topic());
        // Denied: nothing is stored; QoS 0 is dropped, QoS 1/2 answered 0x87 (MQTT 5) or the connection closed (3.1.1).
        CompletableFuture<Outcome> appended = denied != null ? CompletableFuture.completedFuture(denied)
            : session.publish(message, packetId);
        replies.add(appended, (outcome, error) -> published(message, packetId, outcome, error));
        connection.maybePauseReading();
    }

    void pubrel(int packetId) {
        replies.add(session.pubrel(packetId), (outcome, error) -> {
            if (connection.isClosed()) {
                return;
            }
            if (error != null) {
                // The receipt is still stored: no PUBCOMP, so the client sends PUBREL again on its next connection.
                Outcome failure = ReasonCodes.forFailure(error);
                throttled.warn("append", "Client {}: PUBREL {} not stored: {}", clientId, packetId,
                    failure.reasonString());
                connection.closeWith(failure.reasonCode(), failure.reasonString(), DisconnectKind.ABNORMAL);
                return;
            }
            ctx.writeAndFlush(Packets.pubReply(MqttMessageType.PUBCOMP, packetId, outcome, problemInformation),
                ctx.voidPromise());
            inFlight.remove(packetId);
        });
        connection.maybePauseReading();
    }

    /** The answer to a PUBLISH once its record is appended (QoS 0) or durable (QoS 1 and 2). */
    private void published(Message message, int packetId, Outcome result, Throwable error) {
        if (connection.isClosed()) {
            return;
        }
        Outcome outcome = error != null ? ReasonCodes.forFailure(error) : result;
        if (error != null) {
            throttled.warn("append", "Client {}: PUBLISH to {} failed: {}", clientId, message.topic(),
                outcome.reasonString());
        }
        if (message.qos() == 0) {
            if (!outcome.isSuccess() && outcome.reasonCode() == ReasonCode.TOPIC_NAME_INVALID) {
                // No acknowledgement to carry the refusal: MQTT 5 says it with DISCONNECT, 3.1.1 by closing.
                refuse(message, outcome);
            }
            return; // a storage failure of QoS 0 is logged only: at most once allows losing it
        }
        if (!outcome.isSuccess() && version != 5) {
            refuse(message, outcome); // 3.1.1 PUBACK / PUBREC have no failure code
            return;
        }
        if (!outcome.isSuccess() && error == null) {
            throttled.info("refused", "Client {}: PUBLISH to {} refused (0x{}): {}", clientId, message.topic(),
                Integer.toHexString(outcome.reasonCode()), outcome.reasonString());
        }
        MqttMessageType type = message.qos() == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC;
        ctx.writeAndFlush(Packets.pubReply(type, packetId, outcome, problemInformation), ctx.voidPromise());
        if (message.qos() == 1 || !outcome.isSuccess()) {
            inFlight.remove(packetId);
        }
    }

    private void refuse(Message message, Outcome outcome) {
        throttled.info("refused", "Client {}: PUBLISH to {} refused, closing the connection: {}", clientId,
            message.topic(), outcome.reasonString());
        connection.closeWith(outcome.reasonCode(), outcome.reasonString(), DisconnectKind.ABNORMAL);
    }
}
