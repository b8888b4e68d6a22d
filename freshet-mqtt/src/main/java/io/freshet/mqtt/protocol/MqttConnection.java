package io.freshet.mqtt.protocol;

import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.session.ClientLink;
import io.freshet.mqtt.session.ConnectRefusedException;
import io.freshet.mqtt.session.DisconnectKind;
import io.freshet.mqtt.session.SessionHandle;
import io.freshet.mqtt.session.SessionManager;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One MQTT connection (3.1.1 or 5, decided by its CONNECT): checks every packet, keeps the connection's own state
 * (topic aliases both ways, inbound QoS 1/2 packet ids against Receive Maximum, keep-alive) and turns the session's
 * answers into packets in the client's protocol version. From its accepted CONNECT on, its {@link SessionLink} is the
 * session's {@link ClientLink}; {@link IdleTimeouts} watches for a missing CONNECT and for the Keep Alive.
 *
 * <pre>
 *   AWAITING_CONNECT --CONNECT ok--> CONNECTING --session attached, CONNACK--> CONNECTED --> CLOSED
 *          |  anything else, or a refused CONNECT: CONNACK refusal (if the version has a code for it), close
 *          '  packets arriving while CONNECTING are held (reading paused) and handled after CONNACK
 * </pre>
 *
 * <p>Errors: a protocol violation closes only this connection, with DISCONNECT and the reason code (MQTT 5) or
 * without a word (3.1.1, which has no DISCONNECT from the server); codes come from {@link ReasonCodes}.
 *
 * <p>Threads: everything runs on the channel's event loop, which also owns the attached session; futures from the
 * session complete elsewhere and come back through {@link ReplyQueue}.
 */
public final class MqttConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    private static final ThrottledLog throttled = new ThrottledLog(log);
    /** Answers owed (appends in flight) at which reading pauses, and below which it resumes. */
    private static final int PAUSE_READING_AT = 1024;
    private static final int RESUME_READING_AT = 256;

    private enum State { AWAITING_CONNECT, CONNECTING, CONNECTED, CLOSED }

    private final MqttConfig config;
    private final SessionManager sessions;
    private ChannelHandlerContext ctx;
    private State state = State.AWAITING_CONNECT;
    private int version = 4;
    private String clientId = "";
    private ClientLimits client = ClientLimits.forMqtt311(0);
    private long requestedExpirySeconds;
    private SessionHandle session;
    private boolean sessionEnded;
    private boolean readingPaused;
    private ReplyQueue replies;
    private IdleTimeouts timeouts;
    private InboundPublishCheck publishCheck;
    /** Set at an accepted CONNECT. */
    private SessionLink link;
    /** Packets read while the session was being attached; PUBLISH payloads retained until handled. */
    private final ArrayDeque<MqttMessage> held = new ArrayDeque<>();
    /** Inbound QoS 1 and 2 packet ids not yet fully acknowledged (PUBACK, or PUBCOMP / a failed PUBREC). */
    private final Set<Integer> inboundInFlight = new HashSet<>();

    public MqttConnection(MqttConfig config, SessionManager sessions) {
        this.config = config;
        this.sessions = sessions;
    }

    // ---- channel events -----------------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.replies = new ReplyQueue(ctx.executor(), this::maybeResumeReading);
        this.timeouts = new IdleTimeouts(ctx.executor());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeouts.awaitConnect(() -> {
            if (state == State.AWAITING_CONNECT) {
                log.debug("{}: no CONNECT within {} ms, closing", ctx.channel(), IdleTimeouts.CONNECT_TIMEOUT_MS);
                closeQuietly();
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        timeouts.packetRead();
        if (!(msg instanceof MqttMessage packet) || state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (state == State.CONNECTING) {
            held.add(packet); // released once handled
            return;
        }
        try {
            handle(packet);
        } finally {
            ReferenceCountUtil.release(packet);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        timeouts.cancel();
        replies.close();
        releaseHeld();
        if (link != null) {
            link.dropUnsent();
        }
        endSession(DisconnectKind.ABNORMAL, -1);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (state == State.CONNECTED && ctx.channel().isWritable()) {
            session.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("{} ({}): {}", ctx.channel(), clientId, cause.toString());
            closeQuietly();
        } else {
            log.warn("{} ({}): closing after an unexpected error", ctx.channel(), clientId, cause);
            closeWith(ReasonCodes.UNSPECIFIED_ERROR, "internal error", DisconnectKind.ABNORMAL);
        }
    }

    /** The server is stopping: DISCONNECT 0x8B (MQTT 5), close; the session stays as it is. Any thread. */
    public void shutdown() {
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (state == State.CONNECTED) {
                closeWith(ReasonCodes.SERVER_SHUTTING_DOWN, "server shutting down", DisconnectKind.SERVER_SHUTDOWN);
            } else {
                closeQuietly();
            }
        });
    }

    // ---- inbound packets ----------------------------------------------------------------------------------------

    private void handle(MqttMessage packet) {
        if (state == State.CLOSED) {
            return;
        }
        if (packet.decoderResult().isFailure()) {
            onUndecodable(packet.fixedHeader(), packet.decoderResult().cause());
            return;
        }
        MqttMessageType type = packet.fixedHeader().messageType();
        if (state == State.AWAITING_CONNECT) {
            if (type == MqttMessageType.CONNECT) {
                onConnect((MqttConnectMessage) packet);
            } else {
                log.debug("{}: {} before CONNECT, closing", ctx.channel(), type);
                closeQuietly();
            }
            return;
        }
        switch (type) {
            case PUBLISH -> onPublish((MqttPublishMessage) packet);
            case PUBACK -> session.puback(packetId(packet));
            case PUBREC -> session.pubrec(packetId(packet), reasonCode(packet));
            case PUBREL -> onPubrel(packetId(packet));
            case PUBCOMP -> session.pubcomp(packetId(packet));
            case SUBSCRIBE -> onSubscribe((MqttSubscribeMessage) packet);
            case UNSUBSCRIBE -> onUnsubscribe((MqttUnsubscribeMessage) packet);
            case PINGREQ -> ctx.writeAndFlush(Packets.PINGRESP, ctx.voidPromise());
            case DISCONNECT -> onDisconnect(packet);
            case CONNECT -> protocolViolation(ReasonCodes.PROTOCOL_ERROR, "a second CONNECT");
            case AUTH -> protocolViolation(ReasonCodes.PROTOCOL_ERROR, "AUTH without an authentication method");
            default -> protocolViolation(ReasonCodes.PROTOCOL_ERROR, type + " is not sent by clients");
        }
    }

    private void onUndecodable(MqttFixedHeader header, Throwable cause) {
        int code = ReasonCodes.forDecoderFailure(cause);
        if (state == State.AWAITING_CONNECT) {
            log.debug("{}: refused CONNECT: {}", ctx.channel(), cause.getMessage());
            if (header != null && header.messageType() == MqttMessageType.CONNECT) {
                refuseConnect(code, cause.getMessage());
            } else {
                closeQuietly();
            }
            return;
        }
        protocolViolation(code, cause.getMessage());
    }

    private void onConnect(MqttConnectMessage connect) {
        int level = connect.variableHeader().version();
        if (level != 4 && level != 5) {
            refuseConnect(ReasonCodes.UNSUPPORTED_PROTOCOL_VERSION, "MQTT 3.1.1 (level 4) and 5 only");
            return;
        }
        version = level;
        ConnectCheck.Result result = ConnectCheck.check(connect, config,
            () -> "freshet-" + UUID.randomUUID().toString().replace("-", ""));
        if (result instanceof ConnectCheck.Refused refused) {
            log.debug("{}: refused CONNECT: {}", ctx.channel(), refused.reason());
            refuseConnect(refused.reasonCode(), refused.reason());
            return;
        }
        ConnectCheck.Accepted accepted = (ConnectCheck.Accepted) result;
        clientId = accepted.request().clientId();
        client = accepted.limits();
        requestedExpirySeconds = accepted.requestedExpirySeconds();
        publishCheck = new InboundPublishCheck(version, config.topicAliasMaximum());
        link = new SessionLink(this, ctx, clientId, version, client);
        state = State.CONNECTING;
        timeouts.cancel();
        ctx.channel().config().setAutoRead(false);
        sessions.connect(accepted.request(), link)
            .whenComplete((handle, error) -> onLoop(() -> onSessionAttached(accepted, handle, error)));
    }

    private void onSessionAttached(ConnectCheck.Accepted accepted, SessionHandle handle, Throwable error) {
        if (error != null) {
            Throwable cause = ReasonCodes.unwrap(error);
            Outcome outcome = cause instanceof ConnectRefusedException refused ? refused.outcome()
                : ReasonCodes.forFailure(cause);
            if (!(cause instanceof ConnectRefusedException)) {
                throttled.warn("connect", "Client {}: CONNECT failed: {}", clientId, cause.toString());
            }
            if (state != State.CLOSED) {
                refuseConnect(outcome.reasonCode(), outcome.reasonString());
            }
            return;
        }
        session = handle;
        if (state == State.CLOSED) {
            endSession(DisconnectKind.ABNORMAL, -1); // the socket went while the session was being attached
            return;
        }
        state = State.CONNECTED;
        link.writeConnack(Packets.connack(handle.sessionPresent(), ConnackProperties.of(version, accepted, config)));
        timeouts.startKeepAlive(client.keepAliveSeconds(), () -> state == State.CONNECTED, () -> readingPaused,
            () -> {
                log.debug("{} ({}): keep-alive expired", ctx.channel(), clientId);
                closeWith(ReasonCodes.KEEP_ALIVE_TIMEOUT, "no packet within 1.5 x Keep Alive",
                    DisconnectKind.ABNORMAL);
            });
        while (!held.isEmpty() && state != State.CLOSED) {
            MqttMessage packet = held.poll();
            try {
                handle(packet);
            } finally {
                ReferenceCountUtil.release(packet);
            }
        }
        releaseHeld();
        if (state != State.CLOSED && !readingPaused) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void onPublish(MqttPublishMessage publish) {
        InboundPublishCheck.Result checked = publishCheck.check(publish);
        if (checked instanceof InboundPublishCheck.Violation violation) {
            protocolViolation(violation.reasonCode(), violation.reason());
            return;
        }
        Message message = ((InboundPublishCheck.Accepted) checked).message();
        int packetId = message.qos() > 0 ? publish.variableHeader().packetId() : 0;
        if (message.qos() > 0 && !inboundInFlight.contains(packetId)) {
            if (inboundInFlight.size() >= config.receiveMaximum() && version == 5) {
                protocolViolation(ReasonCodes.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than Receive Maximum (" + config.receiveMaximum() + ") QoS 1 and 2 PUBLISHes unacknowledged");
                return;
            }
            inboundInFlight.add(packetId);
        }
        replies.add(session.publish(message, packetId), (outcome, error) -> onPublished(message, packetId, outcome,
            error));
        maybePauseReading();
    }

    /** The answer to an inbound PUBLISH once its record is appended (QoS 0) or durable (QoS 1 and 2). */
    private void onPublished(Message message, int packetId, Outcome result, Throwable error) {
        if (state == State.CLOSED) {
            return;
        }
        Outcome outcome = error != null ? ReasonCodes.forFailure(error) : result;
        if (error != null) {
            throttled.warn("append", "Client {}: PUBLISH to {} failed: {}", clientId, message.topic(),
                outcome.reasonString());
        }
        if (message.qos() == 0) {
            if (!outcome.isSuccess() && outcome.reasonCode() == ReasonCodes.TOPIC_NAME_INVALID) {
                // No acknowledgement to carry the refusal: MQTT 5 says it with DISCONNECT, 3.1.1 by closing.
                refusePublish(message, outcome);
            }
            return; // a storage failure of QoS 0 is logged only: at most once allows losing it
        }
        if (!outcome.isSuccess() && version != 5) {
            refusePublish(message, outcome); // 3.1.1 PUBACK / PUBREC have no failure code
            return;
        }
        if (!outcome.isSuccess() && error == null) {
            throttled.info("refused", "Client {}: PUBLISH to {} refused (0x{}): {}", clientId, message.topic(),
                Integer.toHexString(outcome.reasonCode()), outcome.reasonString());
        }
        MqttMessageType type = message.qos() == 1 ? MqttMessageType.PUBACK : MqttMessageType.PUBREC;
        ctx.writeAndFlush(Packets.pubReply(type, packetId, outcome, client.problemInformation()), ctx.voidPromise());
        if (message.qos() == 1 || !outcome.isSuccess()) {
            inboundInFlight.remove(packetId);
        }
    }

    private void refusePublish(Message message, Outcome outcome) {
        throttled.info("refused", "Client {}: PUBLISH to {} refused, closing the connection: {}", clientId,
            message.topic(), outcome.reasonString());
        closeWith(outcome.reasonCode(), outcome.reasonString(), DisconnectKind.ABNORMAL);
    }

    private void onPubrel(int packetId) {
        replies.add(session.pubrel(packetId), (outcome, error) -> {
            if (state == State.CLOSED) {
                return;
            }
            if (error != null) {
                // The receipt is still stored: no PUBCOMP, so the client sends PUBREL again on its next connection.
                Outcome failure = ReasonCodes.forFailure(error);
                throttled.warn("append", "Client {}: PUBREL {} not stored: {}", clientId, packetId,
                    failure.reasonString());
                closeWith(failure.reasonCode(), failure.reasonString(), DisconnectKind.ABNORMAL);
                return;
            }
            ctx.writeAndFlush(Packets.pubReply(MqttMessageType.PUBCOMP, packetId, outcome, client.problemInformation()),
                ctx.voidPromise());
            inboundInFlight.remove(packetId);
        });
        maybePauseReading();
    }

    private void onSubscribe(MqttSubscribeMessage subscribe) {
        int packetId = subscribe.idAndPropertiesVariableHeader().messageId();
        SubscriptionChecks.Result result = SubscriptionChecks.subscribe(subscribe, version);
        if (result instanceof SubscriptionChecks.Violation violation) {
            protocolViolation(violation.reasonCode(), violation.reason());
            return;
        }
        var checked = (SubscriptionChecks.Subscribe) result;
        CompletableFuture<List<Outcome>> granted = checked.requests().isEmpty()
            ? CompletableFuture.completedFuture(List.of())
            : session.subscribe(checked.requests(), checked.subscriptionId());
        replies.add(granted, (fromSession, error) -> {
            if (state == State.CLOSED) {
                return;
            }
            List<Outcome> outcomes = SubscriptionChecks.merge(checked.answered(), fromSession, error);
            List<Integer> codes = outcomes.stream().map(o -> ReasonCodes.subackCode(o, version)).toList();
            String reason = client.problemInformation() ? SubscriptionChecks.firstReason(outcomes) : null;
            ctx.writeAndFlush(Packets.suback(packetId, codes, reason), ctx.voidPromise());
        });
        maybePauseReading();
    }

    private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe) {
        int packetId = unsubscribe.idAndPropertiesVariableHeader().messageId();
        SubscriptionChecks.Result result = SubscriptionChecks.unsubscribe(unsubscribe.payload().topics(), version);
        if (result instanceof SubscriptionChecks.Violation violation) {
            protocolViolation(violation.reasonCode(), violation.reason());
            return;
        }
        var checked = (SubscriptionChecks.Unsubscribe) result;
        CompletableFuture<List<Outcome>> removed = checked.filters().isEmpty()
            ? CompletableFuture.completedFuture(List.of()) : session.unsubscribe(checked.filters());
        replies.add(removed, (fromSession, error) -> {
            if (state == State.CLOSED) {
                return;
            }
            if (version != 5) {
                ctx.writeAndFlush(Packets.unsuback311(packetId), ctx.voidPromise());
                return;
            }
            List<Outcome> outcomes = SubscriptionChecks.merge(checked.answered(), fromSession, error);
            List<Short> codes = outcomes.stream().map(o -> (short) o.reasonCode()).toList();
            String reason = client.problemInformation() ? SubscriptionChecks.firstReason(outcomes) : null;
            ctx.writeAndFlush(Packets.unsuback(packetId, codes, reason), ctx.voidPromise());
        });
        maybePauseReading();
    }

    private void onDisconnect(MqttMessage disconnect) {
        int reason = 0;
        long expiry = -1;
        if (version == 5 && disconnect.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            reason = header.reasonCode() & 0xFF;
            Integer requested = MessagePropertiesCodec.intValue(header.properties(),
                MqttProperties.SESSION_EXPIRY_INTERVAL);
            if (requested != null) {
                long value = Integer.toUnsignedLong(requested);
                if (requestedExpirySeconds == 0 && value != 0) {
                    protocolViolation(ReasonCodes.PROTOCOL_ERROR,
                        "Session Expiry Interval was 0 at CONNECT and cannot be set at DISCONNECT");
                    return;
                }
                expiry = Math.min(value, config.maxSessionExpirySeconds());
            }
        }
        state = State.CLOSED;
        endSession(reason == ReasonCodes.SUCCESS ? DisconnectKind.NORMAL : DisconnectKind.WITH_WILL, expiry);
        ctx.close();
    }

    // ---- closing ------------------------------------------------------------------------------------------------

    /** Whether the connection is over: nothing more is written to it. */
    boolean isClosed() {
        return state == State.CLOSED;
    }

    private void protocolViolation(int reasonCode, String reason) {
        log.debug("{} ({}): closing, 0x{}: {}", ctx.channel(), clientId, Integer.toHexString(reasonCode), reason);
        closeWith(reasonCode, reason, DisconnectKind.ABNORMAL);
    }

    /** Closes with DISCONNECT {@code reasonCode} (MQTT 5, after CONNACK) or without a word (3.1.1). */
    void closeWith(int reasonCode, String reason, DisconnectKind kind) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        endSession(kind, -1);
        if (version == 5 && link != null && link.connackSent() && ctx.channel().isActive()) {
            ctx.writeAndFlush(Packets.disconnect(reasonCode, reason)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    private void refuseConnect(int reasonCode, String reason) {
        state = State.CLOSED;
        ByteBuf connack = ConnackRefusal.encode(ctx.alloc(), ProtocolLevelSniffer.level(ctx.channel()), reasonCode,
            reason);
        if (connack == null) {
            ctx.close();
        } else {
            ctx.writeAndFlush(connack).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void closeQuietly() {
        state = State.CLOSED;
        endSession(DisconnectKind.ABNORMAL, -1);
        ctx.close();
    }

    /** Tells the session once that this connection is over. */
    private void endSession(DisconnectKind kind, long expirySeconds) {
        if (session != null && !sessionEnded) {
            sessionEnded = true;
            session.disconnected(kind, expirySeconds);
        }
    }

    // ---- flow control ----------------------------------------------------------------------------

    /**
     * Bounds the work one connection has in flight: reading stops while {@value #PAUSE_READING_AT} answers are
     * owed (appends not yet done, whatever their QoS: MQTT 3.1.1 has no Receive Maximum, and QoS 0 none at all).
     * PUBRELs are not held up by it: a QoS 2 PUBLISH whose PUBREC went out is no longer owed an answer here.
     */
    private void maybePauseReading() {
        if (replies.size() >= PAUSE_READING_AT && !readingPaused) {
            readingPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void maybeResumeReading() {
        if (readingPaused && state == State.CONNECTED && replies.size() <= RESUME_READING_AT) {
            readingPaused = false;
            timeouts.packetRead();
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void onLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    private void releaseHeld() {
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
    }

    private static int packetId(MqttMessage packet) {
        return ((MqttMessageIdVariableHeader) packet.variableHeader()).messageId();
    }

    private static int reasonCode(MqttMessage packet) {
        return packet.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply ? reply.reasonCode() & 0xFF
            : 0;
    }

    @Override
    public String toString() {
        return "MqttConnection(" + clientId + ", v" + version + ", " + state + ")";
    }
}
