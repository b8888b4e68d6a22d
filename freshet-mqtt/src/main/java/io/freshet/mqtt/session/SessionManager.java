package io.freshet.mqtt.session;

import io.freshet.mqtt.message.ReasonCode;
import io.freshet.gateway.EventLog;
import io.freshet.mqtt.delivery.Deliveries;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.retained.RetainedMessages;
import io.freshet.mqtt.state.StateStore;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The sessions by client id: CONNECT (new, resumed, Clean Start, takeover), expiry and delayed wills, and the
 * persistent sessions restored from the state store at start-up.
 *
 * <pre>
 *   connect(request, link)              on the new connection's event loop B
 *     -> existing session attached to A?   on A: DISCONNECT 0x8E to the old connection, detach, will per its delay
 *     -> Clean Start, or nothing to resume? on A: the old session ends (delivery discarded, state deleted)
 *     -> resume or new                     ownership moves A -> B (a task on A names B)
 *     -> on B: session/CLIENT stored (persistent; durable), then attached: the delivery starts on the new link
 * </pre>
 *
 * <p>Across listeners (several gateways on one cluster's state topics): a CONNECT here for a persistent session this
 * listener does not hold restores it from the store, which follows the other listeners' writes; when another listener
 * stores a session this one holds as connected there, or deletes it, it leaves here ({@link Session#leave}: 0x8E to
 * a connection attached here). Sessions without expiry store nothing, so they are not taken over across listeners.
 * Each listener stores a heartbeat ({@code listener/WRITER_ID}, every {@value #HEARTBEAT_MS} ms); a session restored
 * here whose stored record another listener wrote, and whose heartbeat was read within
 * {@value #LISTENER_TIMEOUT_MS} ms, is that one's to expire: at its deadline it leaves here instead.
 *
 * <p>Threads: any thread may call; lifecycle operations of one client id (connect, end at disconnect, expiry) run
 * one after the other ({@link #serialized}); the session's own state is touched only on its owner (see
 * {@link Session}). Deadlines (will delay, expiry) are checked every {@value #SWEEP_INTERVAL_MS} ms against the
 * injected clock, so tests advance a MockTime instead of waiting.
 */
public final class SessionManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);
    private static final long SWEEP_INTERVAL_MS = 100;
    /** Each listener stores {@code listener/WRITER_ID} this often, so that the others know it still runs. */
    static final long HEARTBEAT_MS = 5_000;
    /** A listener whose heartbeat has not been seen for this long is taken for stopped. */
    static final long LISTENER_TIMEOUT_MS = 3 * HEARTBEAT_MS;
    static final String LISTENER_PREFIX = "listener/";
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final InboundPublisher publisher;
    private final TopicMapper mapper;
    private final StateStore state;
    private final Deliveries deliveries;
    private final Time time;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Void>> lifecycleQueues = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Deadline> deadlines = new ConcurrentSkipListSet<>(
        Comparator.comparingLong(Deadline::dueMs).thenComparingLong(Deadline::sequence));
    private final AtomicLong deadlineSequence = new AtomicLong();
    /** Owns the sessions restored at start-up until a connection resumes them, and runs the deadline sweep. */
    private final EventExecutor executor = new DefaultEventExecutor(new DefaultThreadFactory("mqtt-sessions", true));
    /**
     * Other listeners on the same state topics, by writer id: when their last heartbeat was read ({@link
     * System#nanoTime}: whether a process still runs is a matter of real time, not of the injected clock that tests
     * move on).
     */
    private final ConcurrentHashMap<String, Long> otherListeners = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweeper;
    private ScheduledFuture<?> heartbeat;

    public SessionManager(EventLog log, TopicMapper mapper, StateStore state, RetainedMessages retained,
                          Deliveries deliveries, Time time) {
        this.publisher = new InboundPublisher(log, mapper, retained);
        this.mapper = mapper;
        this.state = state;
        this.deliveries = deliveries;
        this.time = time;
    }

    /**
     * Restores the persistent sessions of the state store (detached; they expire counting from their disconnection,
     * or from now if the broker stopped while they were connected), drops QoS 2 receipts of sessions that no
     * longer exist, and starts the deadline sweep.
     */
    public void start() {
        long now = time.milliseconds();
        long heardNanos = System.nanoTime();
        for (Map.Entry<String, byte[]> entry : state.withPrefix(StoredSession.PREFIX).entrySet()) {
            String clientId = entry.getKey().substring(StoredSession.PREFIX.length());
            try {
                StoredSession stored = StoredSession.fromBytes(entry.getValue());
                sessions.put(clientId, Session.restored(this, clientId, executor, stored, now));
            } catch (IllegalArgumentException e) {
                log.warn("Client {}: ignoring its stored session: {}", clientId, e.getMessage());
            }
        }
        for (String key : state.withPrefix(StoredReceipt.PREFIX).keySet()) {
            String clientId = StoredReceipt.clientIdOf(key);
            if (clientId != null && !sessions.containsKey(clientId)) {
                state.delete(key);
            }
        }
        if (!sessions.isEmpty()) {
            log.info("Restored {} persistent MQTT sessions", sessions.size());
        }
        for (String key : state.withPrefix(LISTENER_PREFIX).keySet()) {
            otherListeners.put(key.substring(LISTENER_PREFIX.length()), heardNanos); // a grace period for each
        }
        state.onOtherWriter(this::onOtherWriter);
        sweeper = executor.scheduleAtFixedRate(this::expireDue, SWEEP_INTERVAL_MS, SWEEP_INTERVAL_MS,
            TimeUnit.MILLISECONDS);
        heartbeat = executor.scheduleAtFixedRate(this::heartbeat, 0, HEARTBEAT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Attaches the connection {@code link} to the session of {@code request.clientId()}: a new one, or the existing
     * one unless Clean Start (then it ends first). A connection already attached to it is closed (0x8E). Completes
     * with the handle once a persistent session is durably stored; fails with {@link ConnectRefusedException} if the
     * CONNECT is refused.
     */
    public CompletableFuture<SessionHandle> connect(ConnectRequest request, ClientLink link) {
        if (request.will() != null
            && mapper.toKafka(request.will().message().topic()) instanceof TopicMapper.Mapping.Refused refused) {
            return CompletableFuture.failedFuture(new ConnectRefusedException(
                Outcome.failure(ReasonCode.TOPIC_NAME_INVALID, "will topic: " + refused.reason())));
        }
        return serialized(request.clientId(), () -> attach(request, link));
    }

    private CompletableFuture<SessionHandle> attach(ConnectRequest request, ClientLink link) {
        String clientId = request.clientId();
        Session existing = sessions.computeIfAbsent(clientId, this::storedElsewhere);
        CompletableFuture<Boolean> resumed = existing == null ? CompletableFuture.completedFuture(false)
            : existing.onOwner(() -> {
                existing.takeOver();
                if (!request.cleanStart() && existing.resumable()) {
                    return CompletableFuture.completedFuture(true);
                }
                return existing.end().thenApply(v -> false);
            });
        return resumed.thenCompose(resume -> {
            Session session = resume ? existing
                : new Session(this, clientId, link.executor(), request.sessionExpirySeconds() > 0);
            if (!resume) {
                sessions.put(clientId, session);
            }
            return session.moveTo(link.executor())
                .thenCompose(v -> session.onOwner(() -> session.storeConnected(request, link.protocolVersion())))
                .thenCompose(v -> session.onOwner(
                    () -> CompletableFuture.completedFuture(session.attach(request, link, resume))))
                .exceptionallyCompose(e -> session.onOwner(() -> session.connectFailed(resume))
                    .handle((v, ignored) -> null)
                    .thenCompose(v -> CompletableFuture.failedFuture(e)));
        });
    }

    /**
     * A persistent session the state store has and this listener does not hold: one another listener (a gateway
     * beside this one) held since this one started. Restored detached, as at start-up; null if there is none.
     */
    private Session storedElsewhere(String clientId) {
        Optional<byte[]> stored = state.get(StoredSession.key(clientId));
        if (stored.isEmpty()) {
            return null;
        }
        try {
            return Session.restored(this, clientId, executor, StoredSession.fromBytes(stored.get()),
                time.milliseconds());
        } catch (IllegalArgumentException e) {
            log.warn("Client {}: ignoring its stored session: {}", clientId, e.getMessage());
            return null;
        }
    }

    /**
     * Another listener stored {@code session/CLIENT}: connected there (a CONNECT through another gateway) or deleted
     * (ended there). A session this listener holds for that client leaves it; its connection here, if any, is closed
     * with 0x8E. A stored disconnection changes nothing here: the listener that wrote it no longer holds the session.
     */
    private void onOtherWriter(String key, byte[] value) {
        if (key.startsWith(LISTENER_PREFIX)) {
            String writer = key.substring(LISTENER_PREFIX.length());
            if (value == null) {
                otherListeners.remove(writer);
            } else {
                otherListeners.put(writer, System.nanoTime());
            }
            return;
        }
        if (!key.startsWith(StoredSession.PREFIX)) {
            return;
        }
        String clientId = key.substring(StoredSession.PREFIX.length());
        if (value != null) {
            try {
                if (StoredSession.fromBytes(value).disconnectedAtMs() >= 0) {
                    return;
                }
            } catch (IllegalArgumentException e) {
                return;
            }
        }
        Session local = sessions.get(clientId);
        if (local == null) {
            return;
        }
        serialized(clientId, () -> sessions.get(clientId) == local ? local.onOwner(local::leave) : DONE)
            .whenComplete((v, e) -> {
                if (e != null) {
                    log.warn("Client {}: could not hand the session to the other gateway: {}", clientId,
                        e.getMessage());
                } else {
                    log.debug("Client {}: the session moved to another gateway", clientId);
                }
            });
    }

    /** Tells the other listeners on the same state topics that this one runs ({@link #HEARTBEAT_MS}). */
    private void heartbeat() {
        state.put(LISTENER_PREFIX + state.writerId(), Long.toString(time.milliseconds())
            .getBytes(java.nio.charset.StandardCharsets.UTF_8)).whenComplete((v, e) -> {
                if (e != null) {
                    log.debug("The MQTT listener's heartbeat was not stored: {}", e.toString());
                }
            });
    }

    /**
     * Whether the stored session of {@code clientId} was written last by another listener that still runs: a
     * session this listener restored (at start-up, or at a CONNECT) while that one held it. Its deadlines are the
     * other's to keep; here it leaves instead.
     */
    private boolean heldByAnotherListener(String clientId) {
        Optional<String> writer = state.writerOf(StoredSession.key(clientId));
        return writer.isPresent() && !writer.get().equals(state.writerId()) && listenerRunning(writer.get());
    }

    /**
     * Whether the listener with this writer id (another MQTT listener on the same state topics) was heard from
     * within {@value #LISTENER_TIMEOUT_MS} ms and has not said it stopped.
     */
    public boolean listenerRunning(String writerId) {
        Long heard = otherListeners.get(writerId);
        return heard != null && System.nanoTime() - heard < TimeUnit.MILLISECONDS.toNanos(LISTENER_TIMEOUT_MS);
    }

    /** A session whose connection ended with Session Expiry 0: it ends, unless a CONNECT got there first. */
    void endWhenDetached(Session session) {
        serialized(session.clientId, () -> session.onOwner(
            () -> session.isDetachedAndExpiring() ? session.end() : DONE))
            .whenComplete((v, e) -> {
                if (e != null) {
                    log.warn("Client {}: the session's end was not stored: {}", session.clientId, e.getMessage());
                }
            });
    }

    /**
     * Publishes the wills and ends the sessions whose deadlines have passed by the injected clock. Completes when
     * they are handled (a will handed to the log, an ended session's state deleted).
     */
    public CompletableFuture<Void> expireDue() {
        long now = time.milliseconds();
        List<CompletableFuture<Void>> handled = new ArrayList<>();
        while (true) {
            Deadline first = deadlines.isEmpty() ? null : deadlines.first();
            if (first == null || first.dueMs() > now) {
                return CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new));
            }
            if (deadlines.remove(first)) {
                Session session = first.session();
                handled.add(serialized(session.clientId, () -> session.onOwner(
                    () -> session.isDetached() && heldByAnotherListener(session.clientId) ? session.leave()
                        : session.onDeadline(time.milliseconds())))
                    .exceptionally(e -> {
                        log.warn("Client {}: session expiry failed: {}", session.clientId, e.getMessage());
                        return null;
                    }));
            }
        }
    }

    /**
     * Every session as an operator sees it (connected ones and persistent ones waiting for their client), by client
     * id. Each is read on its owner; waits up to {@code timeoutMs} in all (a session whose owner does not answer in
     * time, or that ended meanwhile, is left out). Blocks: never call it on an event loop of this listener.
     */
    public List<SessionSnapshot> snapshot(long timeoutMs) {
        List<CompletableFuture<Optional<SessionSnapshot>>> each = sessions.values().stream()
            .map(Session::snapshot).toList();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        List<SessionSnapshot> snapshots = new ArrayList<>();
        for (CompletableFuture<Optional<SessionSnapshot>> future : each) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                future.get(left, TimeUnit.NANOSECONDS).ifPresent(snapshots::add);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                log.debug("A session's snapshot did not come: {}", e.toString());
            }
        }
        snapshots.sort(Comparator.comparing(SessionSnapshot::clientId));
        return snapshots;
    }

    /** Sessions known now (attached, detached persistent, restored). */
    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Stops the deadline sweep and the heartbeat, and tells the other listeners this one stopped. Sessions stay as
     * they are (persistent ones are in the state store).
     */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
            try {
                state.delete(LISTENER_PREFIX + state.writerId()).get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.debug("The MQTT listener's stop was not stored: {}", e.toString());
            }
        }
        executor.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    // ---- for Session ---------------------------------------------------------------------------------------------

    InboundPublisher publisher() {
        return publisher;
    }

    StateStore state() {
        return state;
    }

    Deliveries deliveries() {
        return deliveries;
    }

    Time time() {
        return time;
    }

    Deadline schedule(Session session, long dueMs) {
        Deadline deadline = new Deadline(dueMs, deadlineSequence.incrementAndGet(), session);
        deadlines.add(deadline);
        return deadline;
    }

    void cancel(Deadline deadline) {
        if (deadline != null) {
            deadlines.remove(deadline);
        }
    }

    void forget(Session session) {
        sessions.remove(session.clientId, session);
    }

    /** A moment when a session's will or expiry is due; the session decides on its owner whether it still is. */
    record Deadline(long dueMs, long sequence, Session session) {
    }

    /**
     * Runs {@code operation} after every earlier lifecycle operation of {@code clientId} has completed, so a
     * CONNECT, a takeover and an expiry of one client id never interleave.
     */
    private <T> CompletableFuture<T> serialized(String clientId, Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous = lifecycleQueues.put(clientId, done);
        CompletableFuture<T> result = (previous == null ? DONE : previous).thenCompose(v -> {
            try {
                return operation.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        result.whenComplete((v, e) -> {
            lifecycleQueues.remove(clientId, done);
            done.complete(null);
        });
        return result;
    }
}
