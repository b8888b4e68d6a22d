package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.ReasonCode;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.message.TopicFilter;
import io.freshet.mqtt.session.ClientLink;
import io.freshet.mqtt.session.SubscriptionRequest;
import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session's subscriptions, served from the log. The session reads every partition its (non-shared) filters may
 * match, from its own position, maps each record to an MQTT message, and sends those its subscriptions take: once per
 * record, with the highest granted QoS and all matching subscription identifiers. Shared subscriptions are read by
 * their {@link ShareGroup}, which hands this session its share.
 *
 * <p><b>Parts.</b> {@link SessionPartitions} reads the partitions and {@link DirectDelivery} sends what they read;
 * {@link SessionShares} is the session's side of its share groups; {@link RetainedOnSubscribe} owes new
 * subscriptions their retained messages; all three send through the {@link OutboundWindow} (QoS 1/2 window,
 * acknowledgements); {@link ResendPass} resends on attach; {@link DurableState} stores it all, and
 * {@link DurableWaiters} hold SUBACKs until it has. This class ties them together: attach/detach, subscribe, and the
 * pump that offers retained, shared, then direct messages to the window.
 *
 * <p><b>Flow.</b> While the window is full or the socket is not writable nothing more is sent or read. Reads are
 * 64 KiB chunks, a few partitions at a time, so a session holds little beyond its window. Records of one partition go
 * out in log order.
 *
 * <p><b>Positions.</b> A partition's position is the first record not yet handed on: every record below it was sent
 * (QoS 0), skipped, acknowledged, or is in flight. A persistent session stores positions, subscriptions and in-flight
 * packet ids ({@link StoredDelivery}); {@link DurableState} decides when. QoS 2 is exactly once across a broker
 * restart because a QoS 2 packet id is durable before its first PUBLISH, and the PUBREL stage before the PUBREL (the
 * window holds what waits for that, in order).
 *
 * <p><b>Threads.</b> Owned by the attached link's event loop: every method of {@link io.freshet.mqtt.delivery
 * .SessionDelivery} is called there, and every completion (reads, state writes, share groups) hops there, checking
 * that the attachment it started under ({@code generation}) is still the current one. Appends and topic changes only
 * enqueue and wake. While detached there is no owner thread and nothing runs: positions wait in the log.
 */
final class LogSessionDelivery implements SessionDelivery, ShareMember, LogSignals.TopicWatcher,
    SessionPartitions.Owner, ResendPass.Session {


    private final String clientId;
    private final boolean persistent;
    private final DeliveryContext ctx;
    private final TopicMapper mapper;
    private final SubscriptionSet subscriptions = new SubscriptionSet();
    private final SessionPartitions partitions;
    private final ResendPass resend;
    private final DurableState durable;
    private final OutboundWindow window;
    private final RetainedOnSubscribe retainedOwed;
    private final SessionShares shares;
    private final DirectDelivery direct;
    private final DurableWaiters durableWaiters = new DurableWaiters();
    private final ConcurrentLinkedQueue<String> changedTopics = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();

    private volatile ClientLink link;
    private volatile EventExecutor executor;
    private volatile int generation;
    private boolean discarded;

    LogSessionDelivery(String clientId, boolean persistent, DeliveryContext ctx) {
        this.clientId = clientId;
        this.persistent = persistent;
        this.ctx = ctx;
        this.mapper = ctx.mapper();
        this.partitions = new SessionPartitions(clientId, ctx, this);
        this.durable = new DurableState(clientId, persistent, ctx.state(), stateKey(clientId), this::snapshot,
            this::onDurable);
        this.window = new OutboundWindow(this, durable);
        this.resend = new ResendPass(clientId, ctx, this, window);
        this.retainedOwed = new RetainedOnSubscribe(ctx.retained(), window);
        this.shares = new SessionShares(this, ctx.shareGroups(), subscriptions, window, ctx.time());
        this.direct = new DirectDelivery(clientId, ctx, subscriptions, partitions, window, durable);
    }

    static String stateKey(String clientId) {
        return "delivery/" + clientId;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    // ---------------------------------------------------------------- attach / detach / discard

    @Override
    public void attach(ClientLink newLink) {
        if (discarded) {
            throw new IllegalStateException("MQTT client " + clientId + ": its session was discarded");
        }
        if (link != null) {
            detach();
        }
        link = newLink;
        executor = newLink.executor();
        generation++;
        window.attach(newLink, Math.max(1, Math.min(newLink.receiveMaximum(), ctx.config().maxInflightOut())));
        durable.attach(executor);
        shares.dropHanded();
        changedTopics.clear();
        ctx.signals().watchTopics(this);
        partitions.watch();
        partitions.addNew(directFilters());
        shares.attached(window.limit(), generation);
        resend.start(window.entries()); // then new messages
    }

    @Override
    public void detach() {
        if (link == null) {
            return;
        }
        stop();
        durable.detach();
    }

    @Override
    public void release() {
        detach();
        shares.leaveAll();
    }

    @Override
    public CompletableFuture<Void> discard() {
        if (discarded) {
            return CompletableFuture.completedFuture(null);
        }
        discarded = true;
        stop();
        shares.leaveAll();
        partitions.clear();
        window.clear();
        retainedOwed.clear();
        return persistent ? durable.delete() : CompletableFuture.completedFuture(null);
    }

    /** Stops serving the connection: what was handed on but not acknowledged stays in flight, except shared ones. */
    private void stop() {
        if (link == null) {
            return;
        }
        generation++;
        ctx.signals().unwatchTopics(this);
        partitions.unwatch();
        shares.detached(); // before the window forgets the shared records the groups now give to other members
        window.detach();
        shares.dropHanded();
        resend.cancel();
        link = null;
        executor = null;
        durableWaiters.releaseAll();
    }

    // ---------------------------------------------------------------- subscribe / unsubscribe

    @Override
    public CompletableFuture<List<Outcome>> subscribe(List<SubscriptionRequest> requests, int subscriptionId) {
        List<Outcome> outcomes = new ArrayList<>();
        List<Subscription> wantRetained = new ArrayList<>();
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (SubscriptionRequest request : requests) {
            String invalid = invalidReason(request.filter());
            if (invalid != null) {
                outcomes.add(Outcome.failure(ReasonCode.TOPIC_FILTER_INVALID, invalid));
                continue;
            }
            TopicFilter filter = TopicFilter.parse(request.filter()).orElseThrow();
            Subscription subscription = Subscription.granted(filter, request, subscriptionId);
            Subscription replaced = subscriptions.put(subscription);
            if (subscription.isShared()) {
                CompletableFuture<Void> joined = shares.subscribed(filter, link == null ? 0 : window.limit(),
                    generation);
                if (joined != null) {
                    waits.add(joined);
                }
            } else {
                partitions.addAtEnd(filter);
                int handling = request.retainHandling();
                if (handling == 0 || (handling == 1 && replaced == null)) {
                    wantRetained.add(subscription);
                }
            }
            outcomes.add(Outcome.granted(subscription.qos()));
        }
        // stored before the SUBACK, so a restart keeps the subscription and where it started
        waits.add(whenDurable(durable.changed(true)));
        CompletableFuture<List<Outcome>> answer = new CompletableFuture<>();
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
            .whenComplete((ignored, failure) -> subscribed(answer, outcomes, wantRetained));
        return answer;
    }

    /** Answers the SUBSCRIBE; retained messages follow the SUBACK. */
    private void subscribed(CompletableFuture<List<Outcome>> answer, List<Outcome> outcomes,
                            List<Subscription> wantRetained) {
        EventExecutor ex = executor;
        if (ex == null) {
            answer.complete(outcomes);
            return;
        }
        Hops.execute(ex, () -> {
            answer.complete(outcomes); // the protocol layer writes the SUBACK now or in a task queued before ours
            if (!wantRetained.isEmpty()) {
                Hops.execute(ex, () -> {
                    if (executor == ex) {
                        queueRetained(wantRetained);
                    }
                });
            }
        });
    }

    @Override
    public CompletableFuture<List<Outcome>> unsubscribe(List<String> filters) {
        List<Outcome> outcomes = new ArrayList<>();
        for (String filter : filters) {
            Subscription removed = subscriptions.remove(filter);
            if (removed == null) {
                outcomes.add(Outcome.failure(ReasonCode.NO_SUBSCRIPTION_EXISTED, null));
                continue;
            }
            shares.unsubscribed(removed.filter());
            outcomes.add(Outcome.SUCCESS);
        }
        partitions.removeUnmatched(directFilters());
        return whenDurable(durable.changed(true)).thenApply(ignored -> outcomes);
    }

    /**
     * Why a SUBSCRIBE's filter is refused: not a valid filter, or a topic name (no wildcard) that maps to no valid
     * Kafka topic, so it could never receive anything. Null if it is accepted.
     */
    private String invalidReason(String text) {
        String invalid = TopicFilter.invalidReason(text);
        if (invalid != null) {
            return invalid;
        }
        String filter = TopicFilter.parse(text).orElseThrow().filter();
        if (TopicFilter.isValidTopicName(filter)
            && mapper.toKafka(filter) instanceof TopicMapper.Mapping.Refused refused) {
            return refused.reason();
        }
        return null;
    }

    private void queueRetained(List<Subscription> wanted) {
        retainedOwed.add(wanted, subscriptions);
        pump();
    }

    // ---------------------------------------------------------------- partitions read

    private List<TopicFilter> directFilters() {
        List<TopicFilter> filters = new ArrayList<>();
        for (Subscription s : subscriptions.direct()) {
            filters.add(s.filter());
        }
        return filters;
    }

    @Override
    public void onTopicChanged(String topic) {
        changedTopics.add(topic);
        wake();
    }

    private void applyTopicChanges() {
        String topic;
        boolean changed = false;
        while ((topic = changedTopics.poll()) != null) {
            changed |= partitions.topicChanged(topic, directFilters());
        }
        if (changed) {
            durable.changed(false);
        }
    }

    // ---------------------------------------------------------------- serving

    @Override
    public void offer(SharedItem item) {
        shares.handed(item);
        wake();
    }

    @Override
    public void writable() {
        pump();
    }

    /** Called from any thread: runs {@link #pump()} on the owner, once for any number of wake-ups before it runs. */
    @Override
    public void wake() {
        if (!wakeScheduled.compareAndSet(false, true)) {
            return;
        }
        EventExecutor ex = executor;
        if (ex == null) {
            wakeScheduled.set(false);
            return;
        }
        Hops.execute(ex, () -> {
            wakeScheduled.set(false);
            if (executor == ex) {
                pump();
            } else {
                wake(); // re-attached elsewhere meanwhile
            }
        });
    }

    /** Runs {@code task} on the owner if the session is still attached as it was at {@code gen}. */
    @Override
    public void onOwner(int gen, Runnable task) {
        EventExecutor ex = executor;
        if (ex != null) {
            Hops.execute(ex, () -> {
                if (executor == ex && generation == gen) {
                    task.run();
                }
            });
        }
    }

    /** Sends what can be sent, in this order: retained messages for new subscriptions, shared, then the log. */
    private void pump() {
        if (link == null || discarded || resend.isActive()) {
            return;
        }
        applyTopicChanges();
        int version = link.protocolVersion();
        boolean blocked = retainedOwed.send(version) || shares.send(generation, version) || direct.send(version);
        if (!blocked) {
            startReads();
        }
    }

    private void onDurable(long durableVersion) {
        window.sendHeld();
        durableWaiters.durable(durableVersion);
        pump();
    }

    private CompletableFuture<Void> whenDurable(long version) {
        if (durable.isDurable(version) || link == null) {
            return CompletableFuture.completedFuture(null);
        }
        return durableWaiters.waitFor(version);
    }

    // ---------------------------------------------------------------- reading

    /** No reading while the window is full or the socket is not writable: the log keeps what waits. */
    private void startReads() {
        if (window.canSend(1)) {
            partitions.startReads();
        }
    }

    @Override
    public int generation() {
        return generation;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public void readDone() {
        pump();
    }

    // ---------------------------------------------------------------- acknowledgements

    @Override
    public void puback(int packetId) {
        if (window.puback(packetId)) {
            pump();
        }
    }

    @Override
    public void pubrec(int packetId, int reasonCode) {
        if (window.pubrec(packetId, reasonCode)) {
            pump();
        }
    }

    @Override
    public void pubcomp(int packetId) {
        if (window.pubcomp(packetId)) {
            pump();
        }
    }

    // ---------------------------------------------------------------- resending on attach (ResendPass)

    @Override
    public void resent() {
        pump();
    }

    // ---------------------------------------------------------------- persistence

    @Override
    public List<String> subscriptions() {
        return subscriptions.all().stream().map(s -> s.key() + "@" + s.qos()).toList();
    }

    private StoredDelivery snapshot() {
        return StoredDelivery.of(subscriptions.all(), partitions.cursors(), window.entries());
    }

    /** Takes over a stored state (at open, before anyone else sees this session). */
    void restore(StoredDelivery stored) {
        for (Subscription subscription : stored.toSubscriptions()) {
            subscriptions.put(subscription); // a shared one joins its group at the first attach
        }
        for (StoredDelivery.StoredPosition p : stored.positions()) {
            partitions.restore(new TopicPartition(p.topic(), p.partition()), p.offset());
        }
        for (InFlight entry : stored.toInFlight()) {
            window.restore(entry);
        }
    }
}
