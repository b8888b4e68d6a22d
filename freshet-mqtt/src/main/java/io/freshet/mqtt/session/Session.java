package io.freshet.mqtt.session;

import io.freshet.mqtt.message.ReasonCode;
import io.freshet.mqtt.delivery.SessionDelivery;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.Outcome;
import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One client id's session: its delivery state (subscriptions, positions, outbound QoS windows: {@link SessionDelivery}),
 * the QoS 2 packet ids it has received and not yet released, its will, and when it expires.
 *
 * <p>Threads: every field is read and written only on {@link #owner}: the event loop of the connection attached,
 * or of the last one; a session restored at start-up and not resumed yet is owned by the manager's executor.
 * Ownership moves by a task that runs on the old owner and names the new one ({@link #moveTo}), so the old owner's
 * last writes happen before the new owner's first reads. Futures from the log complete on other threads and hop
 * back with {@link #execute} before touching anything. Lifecycle changes (connect, takeover, expiry) are also
 * serialized per client id by the {@link SessionManager}.
 */
final class Session {

    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    final String clientId;
    private final SessionManager manager;
    /** Positions and QoS 2 receipts are stored: the session was created with a Session Expiry above 0. */
    private final boolean persistent;
    private final Qos2Receipts receipts;
    private volatile EventExecutor owner;

    private SessionDelivery delivery;
    private AttachedSession handle;
    private int protocolVersion;
    private long expirySeconds;
    private ConnectRequest.Will will;
    private SessionManager.Deadline willDeadline;
    private SessionManager.Deadline expiryDeadline;
    private boolean ended;
    /** Completes once the previous inbound PUBLISH was handed to the log: appends are issued in packet order. */
    private CompletableFuture<Void> appendGate = DONE;

    Session(SessionManager manager, String clientId, EventExecutor owner, boolean persistent) {
        this.manager = manager;
        this.clientId = clientId;
        this.owner = owner;
        this.persistent = persistent;
        this.receipts = new Qos2Receipts(clientId, manager.state());
    }

    /**
     * A persistent session found in the state store, at start-up or when its client connects here after another
     * listener held it: detached, expiring as stored.
     */
    static Session restored(SessionManager manager, String clientId, EventExecutor owner, StoredSession stored,
                            long nowMs) {
        Session session = new Session(manager, clientId, owner, true);
        session.protocolVersion = stored.protocolVersion();
        session.expirySeconds = stored.expirySeconds();
        long disconnectedAt = stored.disconnectedAtMs() < 0 ? nowMs : stored.disconnectedAtMs();
        session.expiryDeadline = manager.schedule(session, disconnectedAt + stored.expirySeconds() * 1000);
        return session;
    }

    // ---- threads ------------------------------------------------------------------------------------------------

    /** Runs {@code task} on the owner (now, if this is the owner's thread), re-dispatching if the owner moved. */
    void execute(Runnable task) {
        EventExecutor current = owner;
        if (current.inEventLoop()) {
            task.run();
            return;
        }
        try {
            current.execute(() -> execute(task));
        } catch (RejectedExecutionException e) {
            log.debug("Client {}: owner stopped, dropping a task", clientId);
        }
    }

    /** As {@link #execute}, for a task that answers with a future. */
    <T> CompletableFuture<T> onOwner(Supplier<CompletableFuture<T>> task) {
        if (owner.inEventLoop()) {
            return call(task);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            owner.execute(() -> execute(() -> forward(call(task), result)));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Hands the session to {@code newOwner}, from a task on the current owner. */
    CompletableFuture<Void> moveTo(EventExecutor newOwner) {
        return onOwner(() -> {
            owner = newOwner;
            return DONE;
        });
    }

    /** What an operator sees of this session now, read on its owner; empty once it ended. */
    CompletableFuture<Optional<SessionSnapshot>> snapshot() {
        return onOwner(() -> {
            if (ended) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            boolean connected = handle != null;
            List<String> subscriptions = delivery != null ? delivery.subscriptions()
                : manager.deliveries().storedSubscriptions(clientId);
            return CompletableFuture.completedFuture(Optional.of(new SessionSnapshot(clientId, connected, persistent,
                protocolVersion, connected ? handle.link.remoteAddress() : "", subscriptions)));
        });
    }

    // ---- lifecycle (on the owner) -------------------------------------------------------------------------------

    /** A new connection with this client id: the one attached (if any) is closed with 0x8E and detached. */
    void takeOver() {
        AttachedSession current = handle;
        if (current != null) {
            detach(current, DisconnectKind.TAKEN_OVER, -1);
            current.link.close(ReasonCode.SESSION_TAKEN_OVER, "Session taken over by another connection");
        }
    }

    /** Whether a CONNECT without Clean Start continues this session (it still exists and is not attached). */
    boolean resumable() {
        return !ended && handle == null && expirySeconds > 0;
    }

    /** For a persistent session: stores that it exists and is connected (durable before CONNACK). */
    CompletableFuture<Void> storeConnected(ConnectRequest request, int version) {
        if (!persistent) {
            return DONE;
        }
        return manager.state().put(StoredSession.key(clientId),
            new StoredSession(version, request.sessionExpirySeconds(), -1).toBytes());
    }

    SessionHandle attach(ConnectRequest request, ClientLink link, boolean present) {
        protocolVersion = link.protocolVersion();
        expirySeconds = request.sessionExpirySeconds();
        will = request.will(); // a will still waiting for its delay is dropped: the session resumed in time
        manager.cancel(willDeadline);
        manager.cancel(expiryDeadline);
        willDeadline = null;
        expiryDeadline = null;
        if (delivery == null) {
            delivery = manager.deliveries().open(clientId, persistent);
        }
        handle = new AttachedSession(this, link, present);
        delivery.attach(link);
        return handle;
    }

    /** The CONNECT could not be completed after this session was picked: a new one goes away again. */
    CompletableFuture<Void> connectFailed(boolean resumed) {
        return handle == null && !resumed ? end() : DONE;
    }

    /** The connection of {@code from} ended; {@code expiryOverride} >= 0 replaces the Session Expiry Interval. */
    void disconnected(AttachedSession from, DisconnectKind kind, long expiryOverride) {
        if (detach(from, kind, expiryOverride)) {
            manager.endWhenDetached(this);
        }
    }

    /**
     * Detaches {@code from} if it is still the attached connection. The will is published now (no delay), later
     * (Will Delay Interval, unless a connection resumes the session first), or with the session's end.
     *
     * @return true if the session ends now (Session Expiry 0): the caller ends it
     */
    private boolean detach(AttachedSession from, DisconnectKind kind, long expiryOverride) {
        if (from == null || handle != from) {
            return false;
        }
        handle = null;
        delivery.detach();
        if (kind == DisconnectKind.SERVER_SHUTDOWN) {
            will = null; // kept as it is for the next start; the client did nothing wrong
            return false;
        }
        if (expiryOverride >= 0) {
            expirySeconds = expiryOverride;
        }
        if (kind == DisconnectKind.NORMAL) {
            will = null;
        }
        if (expirySeconds == 0) {
            return true;
        }
        long now = manager.time().milliseconds();
        if (will != null) {
            if (will.delaySeconds() == 0) {
                publishWill();
            } else {
                willDeadline = manager.schedule(this, now + will.delaySeconds() * 1000);
            }
        }
        expiryDeadline = manager.schedule(this, now + expirySeconds * 1000);
        if (persistent) {
            manager.state().put(StoredSession.key(clientId), new StoredSession(protocolVersion, expirySeconds, now)
                .toBytes()).whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("Client {}: could not store the session's disconnection: {}", clientId,
                            e.getMessage());
                    }
                });
        }
        return false;
    }

    boolean isDetached() {
        return handle == null;
    }

    boolean isDetachedAndExpiring() {
        return !ended && handle == null && expirySeconds == 0;
    }

    /** A will delay or the session expiry may have passed. */
    CompletableFuture<Void> onDeadline(long nowMs) {
        if (ended || handle != null) {
            return DONE;
        }
        if (willDeadline != null && nowMs >= willDeadline.dueMs()) {
            publishWill();
        }
        if (expiryDeadline != null && nowMs >= expiryDeadline.dueMs()) {
            log.debug("Client {}: session expired", clientId);
            return end();
        }
        return DONE;
    }

    /**
     * Another MQTT listener on the same state topics (a gateway beside this one) stored this session as connected
     * there, or ended it: the connection attached here, if any, is closed with 0x8E Session taken over, and the
     * session leaves this listener without touching its stored state, which is the other's now. A will without delay
     * is published, as on a takeover here; a delayed one is dropped (the session goes on).
     */
    CompletableFuture<Void> leave() {
        if (ended) {
            return DONE;
        }
        ended = true;
        AttachedSession current = handle;
        handle = null;
        if (delivery != null) {
            delivery.release();
            delivery = null;
        }
        if (current != null) {
            current.link.close(ReasonCode.SESSION_TAKEN_OVER, "Session taken over through another gateway");
            if (will != null && will.delaySeconds() == 0) {
                publishWill();
            }
        }
        will = null;
        manager.cancel(willDeadline);
        manager.cancel(expiryDeadline);
        willDeadline = null;
        expiryDeadline = null;
        manager.forget(this);
        return DONE;
    }

    /**
     * The session ends (expiry, Clean Start, Session Expiry 0): a will still waiting is published, subscriptions,
     * positions, QoS 2 receipts and the stored session are deleted. Completes once that is durable.
     */
    CompletableFuture<Void> end() {
        if (ended) {
            return DONE;
        }
        ended = true;
        if (will != null) {
            publishWill();
        }
        manager.cancel(willDeadline);
        manager.cancel(expiryDeadline);
        manager.forget(this);
        SessionDelivery gone = delivery != null ? delivery : manager.deliveries().open(clientId, persistent);
        delivery = null;
        CompletableFuture<Void> discarded = gone.discard();
        if (!persistent) {
            receipts.deleteAllInMemory();
            return discarded;
        }
        return CompletableFuture.allOf(discarded, receipts.deleteAll(),
            manager.state().delete(StoredSession.key(clientId)));
    }

    private void publishWill() {
        Message message = will.message();
        will = null;
        manager.cancel(willDeadline);
        willDeadline = null;
        manager.publisher().publishWill(message, clientId).whenComplete((outcome, e) -> {
            if (e != null) {
                log.warn("Client {}: will message to {} not published: {}", clientId, message.topic(), e.getMessage());
            } else if (!outcome.isSuccess()) {
                log.info("Client {}: will message to {} refused: {}", clientId, message.topic(),
                    outcome.reasonString());
            }
        });
    }

    // ---- inbound traffic (on the owner) -------------------------------------------------------------------------

    CompletableFuture<Outcome> publish(AttachedSession from, Message message, int packetId) {
        if (handle != from) {
            return CompletableFuture.failedFuture(new IllegalStateException("the session has another connection"));
        }
        TopicMapper.Mapping mapping = manager.publisher().map(message.topic());
        if (mapping instanceof TopicMapper.Mapping.Refused refused) {
            return CompletableFuture.completedFuture(InboundPublisher.refused(refused));
        }
        TopicMapper.Mapping.Target target = (TopicMapper.Mapping.Target) mapping;
        if (message.qos() < 2) {
            return ordered(DONE, () -> manager.publisher().append(message, clientId, target, null, 0));
        }
        return publishQos2(message, packetId, target);
    }

    /**
     * QoS 2: a packet id already pending answers with the first copy's result. Otherwise a persistent session first
     * stores a receipt (where the record goes and the end offset there, durably), then appends the record with a
     * {@code mqtt.packet_id} header; a receipt already stored (a resend after a restart, or after a failed append)
     * is checked against the log first.
     */
    private CompletableFuture<Outcome> publishQos2(Message message, int packetId, TopicMapper.Mapping.Target target) {
        CompletableFuture<Outcome> first = receipts.pending(packetId);
        if (first != null) {
            return first;
        }
        InboundPublisher publisher = manager.publisher();
        CompletableFuture<Outcome> result;
        if (!persistent) {
            result = ordered(DONE, () -> publisher.append(message, clientId, target, null, 0));
        } else {
            Optional<StoredReceipt> stored = receipts.stored(packetId)
                .filter(receipt -> receipt.partition().topic().equals(target.kafkaTopic()));
            if (stored.isPresent()) {
                TopicPartition partition = stored.get().partition();
                CompletableFuture<Boolean> found = ReceiptLookup.isStored(publisher.log(), stored.get(), clientId,
                    packetId);
                result = ordered(found, () -> found.join() ? CompletableFuture.completedFuture(Outcome.SUCCESS)
                    : publisher.append(message, clientId, target, partition, packetId));
            } else {
                CompletableFuture<TopicPartition> prepared = publisher.log()
                    .partitionFor(target.kafkaTopic(), target.key())
                    .thenCompose(partition -> receipts.store(packetId,
                            new StoredReceipt(partition, publisher.log().endOffset(partition)))
                        .thenApply(v -> partition));
                result = ordered(prepared,
                    () -> publisher.append(message, clientId, target, prepared.join(), packetId));
            }
        }
        receipts.add(packetId, result);
        result.whenComplete((outcome, e) -> {
            if (e != null || !outcome.isSuccess()) {
                // The client may send this packet id again; a stored receipt stays and is checked then.
                execute(() -> receipts.forget(packetId, result));
            }
        });
        return result;
    }

    /** PUBREL: the receipt goes (durably for a persistent session), then PUBCOMP. */
    CompletableFuture<Outcome> pubrel(AttachedSession from, int packetId) {
        if (handle != from) {
            return CompletableFuture.failedFuture(new IllegalStateException("the session has another connection"));
        }
        CompletableFuture<Outcome> first = receipts.remove(packetId);
        if (first == null) {
            if (persistent && receipts.stored(packetId).isPresent()) {
                return receipts.delete(packetId).thenApply(v -> Outcome.SUCCESS); // released after a restart
            }
            return CompletableFuture.completedFuture(
                Outcome.failure(ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, "no QoS 2 PUBLISH pending with packet id " + packetId));
        }
        return first.handle((outcome, e) -> null)
            .thenCompose(v -> persistent ? receipts.delete(packetId) : DONE)
            .thenApply(v -> Outcome.SUCCESS);
    }

    /**
     * Issues {@code append} once {@code ready} completed and every earlier PUBLISH of this session was issued, so
     * records reach the log in the order the client sent them even when a QoS 2 receipt has to be stored first.
     */
    private CompletableFuture<Outcome> ordered(CompletableFuture<?> ready, Supplier<CompletableFuture<Outcome>> append) {
        if (appendGate.isDone() && ready.isDone() && !ready.isCompletedExceptionally()) {
            return call(append);
        }
        CompletableFuture<Void> previous = appendGate;
        CompletableFuture<Void> issued = new CompletableFuture<>();
        appendGate = issued;
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        CompletableFuture.allOf(previous, ready).whenComplete((v, e) -> execute(() -> {
            try {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    forward(call(append), result);
                }
            } finally {
                issued.complete(null);
            }
        }));
        return result;
    }

    /** The delivery of the connection {@code from}, if it is still attached. */
    Optional<SessionDelivery> delivery(AttachedSession from) {
        return handle == from && handle != null ? Optional.of(delivery) : Optional.empty();
    }

    private static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> task) {
        try {
            return task.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> void forward(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((value, e) -> {
            if (e != null) {
                to.completeExceptionally(e);
            } else {
                to.complete(value);
            }
        });
    }
}
