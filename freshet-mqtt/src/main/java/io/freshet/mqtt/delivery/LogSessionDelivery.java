package io.freshet.mqtt.delivery;

import io.freshet.gateway.LogRecord;
import io.freshet.mqtt.mapping.MessageHeaders;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.message.TopicFilter;
import io.freshet.mqtt.session.ClientLink;
import io.freshet.mqtt.session.SubscriptionRequest;
import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One session's subscriptions, served from the log. The session reads every partition its (non-shared) filters may
 * match, from its own position, maps each record to an MQTT message, and sends those its subscriptions take: once per
 * record, with the highest granted QoS and all matching subscription identifiers. Shared subscriptions are read by
 * their {@link ShareGroup}, which hands this session its share.
 *
 * <p><b>Flow.</b> At most {@code min(client Receive Maximum, mqtt.max.inflight.messages)} QoS 1/2 PUBLISHes are
 * unacknowledged; while that window is full or the socket is not writable nothing more is sent or read. Reads are
 * 64 KiB chunks, a few partitions at a time, so a session holds little beyond its window. Records of one partition go
 * out in log order.
 *
 * <p><b>Positions.</b> A partition's position is the first record not yet handed on: every record below it was sent
 * (QoS 0), skipped, acknowledged, or is in flight. A persistent session stores positions, subscriptions and in-flight
 * packet ids ({@link StoredDelivery}); {@link DurableState} decides when. QoS 2 is exactly once across a broker
 * restart because a QoS 2 packet id is durable before its first PUBLISH, and the PUBREL stage before the PUBREL: a
 * message held for that waits in {@code held}, and everything after it waits behind it, so order is kept.
 *
 * <p><b>Threads.</b> Owned by the attached link's event loop: every method of {@link io.freshet.mqtt.delivery
 * .SessionDelivery} is called there, and every completion (reads, state writes, share groups) hops there, checking
 * that the attachment it started under ({@code generation}) is still the current one. Appends and topic changes only
 * enqueue and wake. While detached there is no owner thread and nothing runs: positions wait in the log.
 */
final class LogSessionDelivery implements SessionDelivery, ShareMember, LogSignals.TopicWatcher,
    SessionPartitions.Owner, ResendPass.Session {

    /** Messages waiting for a state write before they go out; more waits in the log. */
    private static final int HELD_LIMIT = 1024;
    private static final int TOPIC_FILTER_INVALID = 0x8F;
    private static final int NO_SUBSCRIPTION_EXISTED = 0x11;

    private final String clientId;
    private final boolean persistent;
    private final DeliveryContext ctx;
    private final TopicMapper mapper;
    private final SubscriptionSet subscriptions = new SubscriptionSet();
    private final SessionPartitions partitions;
    private final ResendPass resend;
    private final PacketIds packetIds = new PacketIds();
    /** In the order the PUBLISHes were first sent: the order of resending. */
    private final LinkedHashMap<Integer, InFlight> inFlight = new LinkedHashMap<>();
    private final ArrayDeque<Outgoing> held = new ArrayDeque<>();
    private final ArrayDeque<RetainedDelivery> retainedQueue = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<SharedItem> sharedInbox = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> changedTopics = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final List<DurableWaiter> durableWaiters = new ArrayList<>();
    /** Shared subscriptions whose group knows this session (joined at subscribe, or at the first attach). */
    private final Set<TopicFilter> joinedShares = new HashSet<>();
    private final DurableState durable;

    private volatile ClientLink link;
    private volatile EventExecutor executor;
    private volatile int generation;
    private int windowLimit = 1;
    private boolean discarded;

    /** A PUBLISH or PUBREL to send, once {@code needsVersion} of the state is durable. */
    private record Outgoing(InFlight entry, Message message, boolean dup, List<Integer> subscriptionIds,
                            long needsVersion, boolean pubrel) {

        static Outgoing pubrel(InFlight entry) {
            return new Outgoing(entry, null, false, List.of(), entry.needsVersion, true);
        }
    }

    private record RetainedDelivery(Message message, Subscription subscription) {
    }

    private record DurableWaiter(long version, CompletableFuture<Void> future) {
    }

    LogSessionDelivery(String clientId, boolean persistent, DeliveryContext ctx) {
        this.clientId = clientId;
        this.persistent = persistent;
        this.ctx = ctx;
        this.mapper = ctx.mapper();
        this.partitions = new SessionPartitions(clientId, ctx, this);
        this.resend = new ResendPass(clientId, ctx, this);
        this.durable = new DurableState(clientId, persistent, ctx.state(), stateKey(clientId),
            () -> StoredDelivery.of(subscriptions.all(), partitions.cursors(), inFlight.values()), this::onDurable);
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
        windowLimit = Math.max(1, Math.min(newLink.receiveMaximum(), ctx.config().maxInflightOut()));
        durable.attach(executor);
        sharedInbox.clear(); // handed to the previous connection: its group took them back
        changedTopics.clear();
        ctx.signals().watchTopics(this);
        partitions.watch();
        partitions.addNew(directFilters());
        for (Subscription s : subscriptions.all()) {
            if (s.isShared() && joinedShares.add(s.filter())) {
                // restored: the group resumes from its committed offsets; partitions new to it from their start
                ctx.shareGroups().join(this, s.filter(), false, windowLimit, generation);
            }
        }
        for (String group : shareGroups()) {
            ctx.shareGroups().attached(this, group, windowLimit, generation);
        }
        resend.start(inFlight.values()); // then new messages
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
    public CompletableFuture<Void> discard() {
        if (discarded) {
            return CompletableFuture.completedFuture(null);
        }
        discarded = true;
        stop();
        for (TopicFilter share : joinedShares) {
            ctx.shareGroups().leave(this, share);
        }
        joinedShares.clear();
        partitions.clear();
        inFlight.clear();
        retainedQueue.clear();
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
        for (String group : shareGroups()) {
            ctx.shareGroups().detached(this, group);
        }
        // the groups give those to other members now: forget them here
        for (Iterator<InFlight> it = inFlight.values().iterator(); it.hasNext(); ) {
            InFlight e = it.next();
            if (e.isShared() && e.stage == InFlight.Stage.PUBLISH) {
                it.remove();
                packetIds.release(e.packetId);
            }
        }
        sharedInbox.clear();
        held.clear(); // QoS 0 ones are dropped; the others stay in flight and are resent
        resend.cancel();
        link = null;
        executor = null;
        for (DurableWaiter waiter : durableWaiters) {
            waiter.future().complete(null); // their connection is gone: nobody waits for the answer
        }
        durableWaiters.clear();
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
                outcomes.add(Outcome.failure(TOPIC_FILTER_INVALID, invalid));
                continue;
            }
            TopicFilter filter = TopicFilter.parse(request.filter()).orElseThrow();
            Subscription subscription = Subscription.granted(filter, request, subscriptionId);
            Subscription replaced = subscriptions.put(subscription);
            if (subscription.isShared()) {
                if (joinedShares.add(filter)) {
                    waits.add(ctx.shareGroups().join(this, filter, true, link == null ? 0 : windowLimit,
                        generation));
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
                outcomes.add(Outcome.failure(NO_SUBSCRIPTION_EXISTED, null));
                continue;
            }
            if (joinedShares.remove(removed.filter())) {
                ctx.shareGroups().leave(this, removed.filter());
            }
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
        for (Subscription s : wanted) {
            if (subscriptions.get(s.key()) != s) {
                continue; // replaced or gone meanwhile
            }
            for (Message message : ctx.retained().matching(s.filter())) {
                retainedQueue.addLast(new RetainedDelivery(message, s));
            }
        }
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
        sharedInbox.add(item);
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
        boolean blocked = deliverRetained() || deliverShared() || deliverFromLog();
        if (!blocked) {
            startReads();
        }
    }

    private boolean canSend(int qos) {
        return link.isWritable() && held.size() < HELD_LIMIT && (qos == 0 || inFlight.size() < windowLimit);
    }

    private boolean deliverRetained() {
        while (!retainedQueue.isEmpty()) {
            if (!offerRetained(retainedQueue.peekFirst())) {
                return true;
            }
            retainedQueue.pollFirst();
        }
        return false;
    }

    private boolean deliverShared() {
        SharedItem item;
        while ((item = sharedInbox.peek()) != null) {
            if (item.memberGeneration() == generation && !offerShared(item)) {
                return true;
            }
            sharedInbox.poll();
        }
        return false;
    }

    private boolean deliverFromLog() {
        boolean moved = false;
        boolean blocked = false;
        for (PartitionCursor cursor : partitions.inTurn()) {
            if (blocked) {
                break;
            }
            while (!cursor.pending.isEmpty()) {
                if (!offerRecord(cursor.partition, cursor.pending.peekFirst())) {
                    blocked = true;
                    break;
                }
                cursor.pending.pollFirst();
                moved = true;
            }
        }
        if (moved) {
            durable.changed(false);
        }
        return blocked;
    }

    /** Sends {@code record} if this session's subscriptions take it; false if it must wait (window, socket). */
    private boolean offerRecord(TopicPartition tp, LogRecord record) {
        Optional<Message> mapped = mapper.toMessage(record);
        if (mapped.isEmpty()) {
            return true; // no MQTT topic for it
        }
        Message message = mapped.get();
        Optional<Match> match = subscriptions.matchDirect(message, header(record, MessageHeaders.CLIENT_ID), clientId);
        if (match.isEmpty()) {
            return true;
        }
        Optional<Message> alive = MessageExpiry.remaining(message, record.timestamp(), ctx.time().milliseconds());
        if (alive.isEmpty()) {
            return true;
        }
        int qos = Math.min(message.qos(), match.get().qos());
        if (!canSend(qos)) {
            return false;
        }
        boolean retain = message.retain() && match.get().retainAsPublished();
        deliver(alive.get().withQos(qos).withRetain(retain), subscriptionIds(match.get()), tp, record.offset(), null);
        return true;
    }

    private boolean offerShared(SharedItem item) {
        PartitionOffset place = new PartitionOffset(item.record().partition(), item.record().offset());
        Optional<Match> match = subscriptions.matchShared(item.group().name(), item.message());
        if (match.isEmpty()) {
            item.group().returned(this, place); // unsubscribed meanwhile: another member gets it
            return true;
        }
        Optional<Message> alive = MessageExpiry.remaining(item.message(), item.record().timestamp(),
            ctx.time().milliseconds());
        if (alive.isEmpty()) {
            item.group().completed(this, place);
            return true;
        }
        int qos = Math.min(item.message().qos(), match.get().qos());
        if (!canSend(qos)) {
            return false;
        }
        boolean retain = item.message().retain() && match.get().retainAsPublished();
        deliver(alive.get().withQos(qos).withRetain(retain), subscriptionIds(match.get()), place.partition(),
            place.offset(), item.group());
        if (qos == 0) {
            item.group().completed(this, place);
        }
        return true;
    }

    private boolean offerRetained(RetainedDelivery delivery) {
        Subscription s = delivery.subscription();
        int qos = Math.min(delivery.message().qos(), s.qos());
        if (!canSend(qos)) {
            return false;
        }
        // sent because of a new subscription: the retain flag stays set (MQTT 5 3.3.1.3)
        Message out = delivery.message().withQos(qos).withRetain(true);
        List<Integer> ids = link.protocolVersion() >= 5 && s.subscriptionId() != 0
            ? List.of(s.subscriptionId()) : List.of();
        if (qos == 0) {
            emit(new Outgoing(null, out, false, ids, 0, false));
            return true;
        }
        InFlight entry = InFlight.retained(packetIds.allocate(), out, ids);
        inFlight.put(entry.packetId, entry);
        entry.needsVersion = qos == 2 ? durable.changed(true) : 0;
        if (qos == 1) {
            durable.changed(false);
        }
        emit(new Outgoing(entry, out, false, ids, entry.needsVersion, false));
        return true;
    }

    private void deliver(Message out, List<Integer> ids, TopicPartition tp, long offset, ShareGroup group) {
        if (out.qos() == 0) {
            emit(new Outgoing(null, out, false, ids, 0, false));
            return;
        }
        InFlight entry = InFlight.fromLog(packetIds.allocate(), tp, offset, out.qos(), out.retain(), ids, group);
        inFlight.put(entry.packetId, entry);
        if (group == null) {
            // QoS 2: the packet id is durable before the first PUBLISH, so a resend after a restart carries it
            // and the client discards the duplicate. QoS 1 only needs it eventually (at least once).
            long version = durable.changed(out.qos() == 2);
            entry.needsVersion = out.qos() == 2 ? version : 0;
        }
        emit(new Outgoing(entry, out, false, ids, entry.needsVersion, false));
    }

    private List<Integer> subscriptionIds(Match match) {
        return link.protocolVersion() >= 5 ? match.subscriptionIds() : List.of();
    }

    /** Sends now, or holds behind what waits for a state write (so order is kept). */
    private void emit(Outgoing out) {
        if (!held.isEmpty() || !durable.isDurable(out.needsVersion())) {
            held.addLast(out);
            return;
        }
        transmit(out);
    }

    private void transmit(Outgoing out) {
        InFlight entry = out.entry();
        if (out.pubrel()) {
            link.sendPubrel(entry.packetId);
            return;
        }
        boolean sent = link.sendPublish(out.message(), entry == null ? 0 : entry.packetId, out.dup(),
            out.subscriptionIds());
        if (!sent && entry != null && inFlight.get(entry.packetId) == entry) {
            finish(entry); // larger than the client takes: discarded as if delivered (MQTT 5 3.1.2.25)
        }
    }

    private void onDurable(long durableVersion) {
        while (link != null && !held.isEmpty() && durable.isDurable(held.peekFirst().needsVersion())) {
            transmit(held.pollFirst());
        }
        for (Iterator<DurableWaiter> it = durableWaiters.iterator(); it.hasNext(); ) {
            DurableWaiter waiter = it.next();
            if (waiter.version() <= durableVersion) {
                it.remove();
                waiter.future().complete(null);
            }
        }
        pump();
    }

    private CompletableFuture<Void> whenDurable(long version) {
        if (durable.isDurable(version) || link == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        durableWaiters.add(new DurableWaiter(version, future));
        return future;
    }

    // ---------------------------------------------------------------- reading

    /** No reading while the window is full or the socket is not writable: the log keeps what waits. */
    private void startReads() {
        if (link.isWritable() && inFlight.size() < windowLimit && held.size() < HELD_LIMIT) {
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
        InFlight entry = inFlight.get(packetId);
        if (entry != null && entry.qos == 1) {
            finish(entry);
            pump();
        }
    }

    @Override
    public void pubrec(int packetId, int reasonCode) {
        InFlight entry = inFlight.get(packetId);
        if (entry == null || entry.qos != 2) {
            return;
        }
        if (entry.stage == InFlight.Stage.PUBREL) {
            emit(Outgoing.pubrel(entry)); // the client did not get our PUBREL: again
            return;
        }
        if (reasonCode >= 0x80) {
            finish(entry); // the client refused it: that delivery ends here
            pump();
            return;
        }
        if (entry.isShared()) {
            entry.group.completed(this, new PartitionOffset(entry.partition, entry.offset));
        }
        entry.stage = InFlight.Stage.PUBREL;
        // stored as done (past the position) and in the PUBREL stage before the PUBREL goes out: after a restart the
        // PUBREL is sent again, never the message
        entry.needsVersion = durable.changed(true);
        emit(Outgoing.pubrel(entry));
    }

    @Override
    public void pubcomp(int packetId) {
        InFlight entry = inFlight.get(packetId);
        if (entry != null && entry.stage == InFlight.Stage.PUBREL) {
            finish(entry);
            pump();
        }
    }

    /** The client is done with {@code entry}: its packet id and window slot are free. */
    private void finish(InFlight entry) {
        inFlight.remove(entry.packetId);
        packetIds.release(entry.packetId);
        if (entry.isShared() && entry.stage == InFlight.Stage.PUBLISH) {
            entry.group.completed(this, new PartitionOffset(entry.partition, entry.offset));
        }
        durable.changed(false);
    }

    // ---------------------------------------------------------------- resending on attach (ResendPass)

    @Override
    public void resendPublish(InFlight entry, Message message) {
        emit(new Outgoing(entry, message, true, entry.subscriptionIds, entry.needsVersion, false));
    }

    @Override
    public void resendPubrel(InFlight entry) {
        emit(Outgoing.pubrel(entry));
    }

    @Override
    public void gone(InFlight entry) {
        finish(entry);
    }

    @Override
    public boolean isInFlight(InFlight entry) {
        return inFlight.get(entry.packetId) == entry;
    }

    @Override
    public void resent() {
        pump();
    }

    // ---------------------------------------------------------------- persistence

    /** The share groups this session has anything to do with: subscribed, or holding records of. */
    private Set<String> shareGroups() {
        Set<String> groups = new HashSet<>();
        for (Subscription s : subscriptions.all()) {
            if (s.isShared()) {
                groups.add(s.filter().shareGroup());
            }
        }
        for (InFlight entry : inFlight.values()) {
            if (entry.isShared()) {
                groups.add(entry.group.name());
            }
        }
        for (SharedItem item : sharedInbox) {
            groups.add(item.group().name());
        }
        return groups;
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
            packetIds.reserve(entry.packetId);
            inFlight.put(entry.packetId, entry);
        }
    }

    private static String header(LogRecord record, String name) {
        String value = null;
        for (Header h : record.headers()) {
            if (h.key().equals(name) && h.value() != null) {
                value = new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return value;
    }
}
