package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.ReasonCode;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.mapping.TopicMapper;
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
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
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
import java.util.UUID;

/**
 * One MQTT connection (3.1.1 or 5, decided by its CONNECT): the state machine below, the dispatch of every packet to
 * the session, and closing. Its parts, all on the same event loop: {@link InboundPublishes} (PUBLISH and PUBREL in:
 * checks, Receive Maximum, PUBACK / PUBREC / PUBCOMP), {@link InboundSubscriptions} (SUBACK, UNSUBACK),
 * {@link SessionLink} (the session's {@link ClientLink} from an accepted CONNECT on: PUBLISH and PUBREL out),
 * {@link IdleTimeouts} (no CONNECT, Keep Alive) and {@link ReplyQueue} (answers in packet order; its length pauses
 * reading).
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
    private final MqttAuthenticator authenticator;
    private final TopicMapper mapper;
    /** Set once the CONNECT is authenticated. */
    private ClientAccess access;
    private ChannelHandlerContext ctx;
    private State state = State.AWAITING_CONNECT;
    private int version = 4;
    private String clientId = "";
    private ClientLimits client = ClientLimits.forMqtt311(0);
    private long requestedExpirySeconds;
    private SessionHandle session;
    private boolean sessionEnded;
    private boolean readingPaused;
    private boolean connectTimerStarted;
    private ReplyQueue replies;
    private IdleTimeouts timeouts;
    /** Set once the session is attached. */
    private InboundPublishes inbound;
    /** Set once the session is attached. */
    private InboundSubscriptions subscriptions;
    /** Set at an accepted CONNECT. */
    private SessionLink link;
    /** Packets read while the session was being attached; PUBLISH payloads retained until handled. */
    private final ArrayDeque<MqttMessage> held = new ArrayDeque<>();

    public MqttConnection(MqttConfig config, SessionManager sessions, MqttAuthenticator authenticator,
                          TopicMapper mapper) {
        this.config = config;
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    // ---- channel events -----------------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.replies = new ReplyQueue(ctx.executor(), this::maybeResumeReading);
        this.timeouts = new IdleTimeouts(ctx.executor());
        if (ctx.channel().isActive()) {
            awaitConnect(); // installed on a connection already open (MQTT over WebSocket): no channelActive comes
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        awaitConnect();
        ctx.fireChannelActive();
    }

    private void awaitConnect() {
        if (connectTimerStarted) {
            return;
        }
        connectTimerStarted = true;
        timeouts.awaitConnect(() -> {
            if (state == State.AWAITING_CONNECT) {
                log.debug("{}: no CONNECT within {} ms, closing", ctx.channel(), IdleTimeouts.CONNECT_TIMEOUT_MS);
                closeQuietly();
            }
        });
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
        if (cause instanceof IOException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            // A dropped socket, or a TLS handshake the client gave up (it does not trust the certificate): routine.
            log.debug("{} ({}): {}", ctx.channel(), clientId, cause.toString());
            closeQuietly();
        } else {
            log.warn("{} ({}): closing after an unexpected error", ctx.channel(), clientId, cause);
            closeWith(ReasonCode.UNSPECIFIED_ERROR, "internal error", DisconnectKind.ABNORMAL);
        }
    }

    /** The server is stopping: DISCONNECT 0x8B (MQTT 5), close; the session stays as it is. Any thread. */
    public void shutdown() {
        if (ctx == null) {
            return;
        }
        ctx.executor().execute(() -> {
            if (state == State.CONNECTED) {
                closeWith(ReasonCode.SERVER_SHUTTING_DOWN, "server shutting down", DisconnectKind.SERVER_SHUTDOWN);
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
            case PUBLISH -> inbound.publish((MqttPublishMessage) packet);
            case PUBACK -> session.puback(packetId(packet));
            case PUBREC -> session.pubrec(packetId(packet), reasonCode(packet));
            case PUBREL -> inbound.pubrel(packetId(packet));
            case PUBCOMP -> session.pubcomp(packetId(packet));
            case SUBSCRIBE -> subscriptions.subscribe((MqttSubscribeMessage) packet);
            case UNSUBSCRIBE -> subscriptions.unsubscribe((MqttUnsubscribeMessage) packet);
            case PINGREQ -> ctx.writeAndFlush(Packets.PINGRESP, ctx.voidPromise());
            case DISCONNECT -> onDisconnect(packet);
            case CONNECT -> protocolViolation(ReasonCode.PROTOCOL_ERROR, "a second CONNECT");
            case AUTH -> protocolViolation(ReasonCode.PROTOCOL_ERROR, "AUTH without an authentication method");
            default -> protocolViolation(ReasonCode.PROTOCOL_ERROR, type + " is not sent by clients");
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
            refuseConnect(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, "MQTT 3.1.1 (level 4) and 5 only");
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
        link = new SessionLink(this, ctx, clientId, version, client);
        state = State.CONNECTING;
        timeouts.cancel();
        ctx.channel().config().setAutoRead(false);
        MqttConnectVariableHeader header = connect.variableHeader();
        String username = header.hasUserName() ? connect.payload().userName() : null;
        byte[] password = header.hasPassword() ? connect.payload().passwordInBytes() : null;
        authenticator.authenticate(ctx.channel(), username, password)
            .whenComplete((who, error) -> onLoop(() -> onAuthenticated(accepted, who, error)));
    }

    /** Who the client is is known (or it is refused): the will is checked like a PUBLISH, then the session. */
    private void onAuthenticated(ConnectCheck.Accepted accepted, MqttAuthenticator.Result result, Throwable error) {
        if (state == State.CLOSED) {
            return;
        }
        if (error != null || result instanceof MqttAuthenticator.Refused) {
            Outcome refusal = error != null ? Outcome.failure(ReasonCode.UNSPECIFIED_ERROR, "authentication failed")
                : ((MqttAuthenticator.Refused) result).outcome();
            refuseConnect(refusal.reasonCode(), refusal.reasonString());
            return;
        }
        MqttAuthenticator.Authenticated who = (MqttAuthenticator.Authenticated) result;
        access = new ClientAccess(authenticator.authorizer(), mapper, who.principal(), who.address());
        if (accepted.request().will() != null) {
            Outcome denied = access.checkPublish(accepted.request().will().message().topic());
            if (denied != null) {
                log.debug("{}: refused CONNECT: will: {}", ctx.channel(), denied.reasonString());
                refuseConnect(denied.reasonCode(), "will: " + denied.reasonString());
                return;
            }
        }
        sessions.connect(accepted.request(), link)
            .whenComplete((handle, failure) -> onLoop(() -> onSessionAttached(accepted, handle, failure)));
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
        inbound = new InboundPublishes(this, ctx, handle, replies, clientId, version, config.receiveMaximum(),
            config.topicAliasMaximum(), client.problemInformation(), access);
        subscriptions = new InboundSubscriptions(this, ctx, handle, replies, version, client.problemInformation(),
            access);
        link.writeConnack(Packets.connack(handle.sessionPresent(), ConnackProperties.of(version, accepted, config)));
        timeouts.startKeepAlive(client.keepAliveSeconds(), () -> state == State.CONNECTED, () -> readingPaused,
            () -> {
                log.debug("{} ({}): keep-alive expired", ctx.channel(), clientId);
                closeWith(ReasonCode.KEEP_ALIVE_TIMEOUT, "no packet within 1.5 x Keep Alive",
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
                    protocolViolation(ReasonCode.PROTOCOL_ERROR,
                        "Session Expiry Interval was 0 at CONNECT and cannot be set at DISCONNECT");
                    return;
                }
                expiry = Math.min(value, config.maxSessionExpirySeconds());
            }
        }
        state = State.CLOSED;
        endSession(reason == ReasonCode.SUCCESS ? DisconnectKind.NORMAL : DisconnectKind.WITH_WILL, expiry);
        ctx.close();
    }

    // ---- closing ------------------------------------------------------------------------------------------------

    /** Whether the connection is over: nothing more is written to it. */
    boolean isClosed() {
        return state == State.CLOSED;
    }

    void protocolViolation(int reasonCode, String reason) {
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
    void maybePauseReading() {
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
