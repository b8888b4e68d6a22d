package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.session.SessionHandle;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import io.freshet.mqtt.message.TopicFilter;
import io.freshet.mqtt.session.SubscriptionRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A connected client's SUBSCRIBEs and UNSUBSCRIBEs: checked ({@link SubscriptionChecks}), the valid filters handed
 * to the session, and answered with SUBACK / UNSUBACK in packet order through the connection's {@link ReplyQueue},
 * one reason code per filter in the client's version. Created when the session is attached; owned by the
 * connection's event loop, like the {@link MqttConnection} it belongs to.
 */
final class InboundSubscriptions {

    private final MqttConnection connection;
    private final ChannelHandlerContext ctx;
    private final SessionHandle session;
    private final ReplyQueue replies;
    private final int version;
    private final boolean problemInformation;
    private final ClientAccess access;

    InboundSubscriptions(MqttConnection connection, ChannelHandlerContext ctx, SessionHandle session,
                         ReplyQueue replies, int version, boolean problemInformation, ClientAccess access) {
        this.access = access;
        this.connection = connection;
        this.ctx = ctx;
        this.session = session;
        this.replies = replies;
        this.version = version;
        this.problemInformation = problemInformation;
    }

    void subscribe(MqttSubscribeMessage subscribe) {
        int packetId = subscribe.idAndPropertiesVariableHeader().messageId();
        SubscriptionChecks.Result result = SubscriptionChecks.subscribe(subscribe, version);
        if (result instanceof SubscriptionChecks.Violation violation) {
            connection.protocolViolation(violation.reasonCode(), violation.reason());
            return;
        }
        var checked = authorized((SubscriptionChecks.Subscribe) result);
        CompletableFuture<List<Outcome>> granted = checked.requests().isEmpty()
            ? CompletableFuture.completedFuture(List.of())
            : session.subscribe(checked.requests(), checked.subscriptionId());
        replies.add(granted, (fromSession, error) -> {
            if (connection.isClosed()) {
                return;
            }
            List<Outcome> outcomes = SubscriptionChecks.merge(checked.answered(), fromSession, error);
            List<Integer> codes = outcomes.stream().map(o -> ReasonCodes.subackCode(o, version)).toList();
            String reason = problemInformation ? SubscriptionChecks.firstReason(outcomes) : null;
            ctx.writeAndFlush(Packets.suback(packetId, codes, reason), ctx.voidPromise());
        });
        connection.maybePauseReading();
    }

    /** {@code checked} with each filter the client may not read answered 0x87 Not authorized (3.1.1: 0x80). */
    private SubscriptionChecks.Subscribe authorized(SubscriptionChecks.Subscribe checked) {
        Outcome[] answered = checked.answered().clone();
        List<SubscriptionRequest> allowed = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < answered.length; i++) {
            if (answered[i] != null) {
                continue;
            }
            SubscriptionRequest request = checked.requests().get(next++);
            Outcome denied = access.checkSubscribe(TopicFilter.parse(request.filter()).orElseThrow());
            if (denied != null) {
                answered[i] = denied;
            } else {
                allowed.add(request);
            }
        }
        return new SubscriptionChecks.Subscribe(allowed, answered, checked.subscriptionId());
    }

    void unsubscribe(MqttUnsubscribeMessage unsubscribe) {
        int packetId = unsubscribe.idAndPropertiesVariableHeader().messageId();
        SubscriptionChecks.Result result = SubscriptionChecks.unsubscribe(unsubscribe.payload().topics(), version);
        if (result instanceof SubscriptionChecks.Violation violation) {
            connection.protocolViolation(violation.reasonCode(), violation.reason());
            return;
        }
        var checked = (SubscriptionChecks.Unsubscribe) result;
        CompletableFuture<List<Outcome>> removed = checked.filters().isEmpty()
            ? CompletableFuture.completedFuture(List.of()) : session.unsubscribe(checked.filters());
        replies.add(removed, (fromSession, error) -> {
            if (connection.isClosed()) {
                return;
            }
            if (version != 5) {
                ctx.writeAndFlush(Packets.unsuback311(packetId), ctx.voidPromise());
                return;
            }
            List<Outcome> outcomes = SubscriptionChecks.merge(checked.answered(), fromSession, error);
            List<Short> codes = outcomes.stream().map(o -> (short) o.reasonCode()).toList();
            String reason = problemInformation ? SubscriptionChecks.firstReason(outcomes) : null;
            ctx.writeAndFlush(Packets.unsuback(packetId, codes, reason), ctx.voidPromise());
        });
        connection.maybePauseReading();
    }
}
