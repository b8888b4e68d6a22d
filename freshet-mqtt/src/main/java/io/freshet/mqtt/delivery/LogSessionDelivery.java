package io.freshet.mqtt.delivery;

import io.freshet.gateway.LogRecord;
import io.freshet.gateway.ReadResult;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.message.TopicFilter;
import io.freshet.mqtt.session.ClientLink;
import io.freshet.mqtt.session.SubscriptionRequest;
import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
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
final class LogSessionDelivery implements SessionDelivery, ShareMember, LogSignals.TopicWatcher {

    static final int READ_BYTES = 64 * 1024;
    static final String CLIENT_ID_HEADER = "mqtt.client_id";
    /** Reads in flight per session. */
    private static final int MAX_READS = 4;
    /** Partitions holding records read but not yet sent, plus reads in flight, per session. */
    private static final int MAX_READ_AHEAD = 8;
    /** Messages waiting for a state write before they go out; more waits in the log. */
    private static final int HELD_LIMIT = 1024;
    private static final long READ_RETRY_MS = 1000;
    private static final int TOPIC_FILTER_INVALID = 0x8F;
    private static final int NO_SUBSCRIPTION_EXISTED = 0x11;
    private static final Logger log = LoggerFactory.getLogger(LogSessionDelivery.class);

    private final String clientId;
    private final boolean persistent;
    private final DeliveryContext ctx;
    private final TopicMapper mapper;
    private final SubscriptionSet subscriptions = new SubscriptionSet();
    private final Map<TopicPartition, PartitionCursor> cursors = new LinkedHashMap<>();
    private final PacketIds packetIds = new PacketIds();
    /** In the order the PUBLISHes were first sent: the order of resending. */
    private final LinkedHashMap<Integer, InFlight> inFlight = new LinkedHashMap<>();
    private final ArrayDeque<Outgoing> held = new ArrayDeque<>();
    private final ArrayDeque<RetainedDelivery> retainedQueue = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<SharedItem> sharedInbox = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> changedTopics = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final List<DurableWaiter> durableWaiters = new ArrayList<>();
    private final DurableState durable;

    private final ArrayDeque<InFlight> resendQueue = new ArrayDeque<>();
    private final Map<PartitionOffset, LogRecord> resendRecords = new HashMap<>();
    private final Set<PartitionOffset> resendWanted = new HashSet<>();
    private final Set<InFlight> resendLookedUp = new HashSet<>();
    private boolean resending;

    private volatile ClientLink link;
    private volatile EventExecutor executor;
    private volatile int generation;
    private int windowLimit = 1;
    private int readsInFlight;
    private int rotation;
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
        this.durable = new DurableState(clientId, persistent, ctx.state(), stateKey(clientId), this::snapshot,
            this::onDurable);
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
        for (PartitionCursor cursor : cursors.values()) {
            cursor.rewind();
            ctx.signals().watch(cursor.partition, cursor);
        }
        addCursorsForNewTopics();
        for (String group : shareGroups()) {
            ctx.shareGroups().attached(this, group, windowLimit, generation);
        }
        startResend();
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
        for (Subscription s : subscriptions.all()) {
            if (s.isShared()) {
                ctx.shareGroups().leave(this, s.filter());
            }
        }
        for (PartitionCursor cursor : cursors.values()) {
            ctx.signals().unwatch(cursor.partition, cursor);
        }
        cursors.clear();
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
        for (PartitionCursor cursor : cursors.values()) {
            ctx.signals().unwatch(cursor.partition, cursor);
            cursor.rewind();
        }
        readsInFlight = 0;
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
        resendQueue.clear();
        resendRecords.clear();
        resendWanted.clear();
        resendLookedUp.clear();
        resending = false;
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
                if (replaced == null) {
                    waits.add(ctx.shareGroups().join(this, filter, true, link == null ? 0 : windowLimit,
                        generation));
                }
            } else {
                addCursorsAtEnd(filter);
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
        ex.execute(() -> {
            answer.complete(outcomes); // the protocol layer writes the SUBACK now or in a task queued before ours
            if (!wantRetained.isEmpty()) {
                ex.execute(() -> {
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
            if (removed.isShared()) {
                ctx.shareGroups().leave(this, removed.filter());
            }
            outcomes.add(Outcome.SUCCESS);
        }
        removeUnmatchedCursors();
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

    /** A new subscription gets what is published from now on: it starts at the end of partitions not read yet. */
    private void addCursorsAtEnd(TopicFilter filter) {
        for (TopicPartition tp : TopicScan.partitions(ctx.log(), mapper, filter)) {
            if (!cursors.containsKey(tp)) {
                addCursor(tp, TopicScan.endOffset(ctx.log(), tp));
            }
        }
    }

    /**
     * Partitions the subscriptions may match but the session does not read: created (or added to a topic) after the
     * subscriptions, since those started with every partition there was. So all their records are new to it.
     */
    private void addCursorsForNewTopics() {
        List<TopicFilter> filters = directFilters();
        if (filters.isEmpty()) {
            return;
        }
        for (String topic : ctx.log().topics()) {
            addCursorsForNewPartitions(topic, filters);
        }
    }

    private boolean addCursorsForNewPartitions(String topic, List<TopicFilter> filters) {
        if (!TopicScan.mayMatch(mapper, filters, topic)) {
            return false;
        }
        boolean added = false;
        for (TopicPartition tp : TopicScan.partitions(ctx.log(), topic)) {
            if (!cursors.containsKey(tp)) {
                addCursor(tp, 0);
                added = true;
            }
        }
        return added;
    }

    private void addCursor(TopicPartition tp, long offset) {
        PartitionCursor cursor = new PartitionCursor(tp, offset, this::wake);
        cursors.put(tp, cursor);
        if (link != null) {
            ctx.signals().watch(tp, cursor);
        }
    }

    private void removeCursor(TopicPartition tp) {
        PartitionCursor cursor = cursors.remove(tp);
        if (cursor != null) {
            ctx.signals().unwatch(tp, cursor);
        }
    }

    private void removeUnmatchedCursors() {
        List<TopicFilter> filters = directFilters();
        for (TopicPartition tp : List.copyOf(cursors.keySet())) {
            if (!TopicScan.mayMatch(mapper, filters, tp.topic())) {
                removeCursor(tp);
            }
        }
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
            if (ctx.log().partitionCount(topic).isEmpty()) {
                String deleted = topic;
                cursors.keySet().stream().filter(tp -> tp.topic().equals(deleted)).toList()
                    .forEach(this::removeCursor);
                changed = true;
            } else {
                changed |= addCursorsForNewPartitions(topic, directFilters());
            }
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
    private void wake() {
        if (!wakeScheduled.compareAndSet(false, true)) {
            return;
        }
        EventExecutor ex = executor;
        if (ex == null) {
            wakeScheduled.set(false);
            return;
        }
        ex.execute(() -> {
            wakeScheduled.set(false);
            if (executor == ex) {
                pump();
            } else {
                wake(); // re-attached elsewhere meanwhile
            }
        });
    }

    /** Runs {@code task} on the owner if the session is still attached as it was at {@code gen}. */
    private void onOwner(int gen, Runnable task) {
        EventExecutor ex = executor;
        if (ex != null) {
            ex.execute(() -> {
                if (executor == ex && generation == gen) {
                    task.run();
                }
            });
        }
    }

    /** Sends what can be sent, in this order: retained messages for new subscriptions, shared, then the log. */
    private void pump() {
        if (link == null || discarded || resending) {
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
        List<PartitionCursor> list = new ArrayList<>(cursors.values());
        int n = list.size();
        boolean moved = false;
        boolean blocked = false;
        for (int i = 0; i < n && !blocked; i++) {
            PartitionCursor cursor = list.get(Math.floorMod(rotation + i, n));
            while (!cursor.pending.isEmpty()) {
                if (!offerRecord(cursor.partition, cursor.pending.peekFirst())) {
                    blocked = true;
                    break;
                }
                cursor.pending.pollFirst();
                moved = true;
            }
        }
        rotation++;
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
        Optional<Match> match = subscriptions.matchDirect(message, header(record, CLIENT_ID_HEADER), clientId);
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

    private void startReads() {
        if (!link.isWritable() || inFlight.size() >= windowLimit || held.size() >= HELD_LIMIT) {
            return;
        }
        int readAhead = readsInFlight;
        for (PartitionCursor cursor : cursors.values()) {
            if (!cursor.pending.isEmpty()) {
                readAhead++;
            }
        }
        List<PartitionCursor> list = new ArrayList<>(cursors.values());
        int n = list.size();
        for (int i = 0; i < n && readsInFlight < MAX_READS && readAhead < MAX_READ_AHEAD; i++) {
            PartitionCursor cursor = list.get(Math.floorMod(rotation + i, n));
            if (cursor.wantsRead()) {
                read(cursor);
                readAhead++;
            }
        }
    }

    private void read(PartitionCursor cursor) {
        long offset = cursor.startRead();
        readsInFlight++;
        int gen = generation;
        ctx.log().read(cursor.partition, offset, READ_BYTES)
            .whenComplete((result, failure) -> onOwner(gen, () -> readDone(cursor, result, failure)));
    }

    private void readDone(PartitionCursor cursor, ReadResult result, Throwable failure) {
        readsInFlight--;
        if (cursors.get(cursor.partition) == cursor) {
            if (failure == null) {
                cursor.readDone(result);
            } else {
                readFailed(cursor, Failures.cause(failure));
            }
        }
        pump();
    }

    private void readFailed(PartitionCursor cursor, Throwable failure) {
        if (failure instanceof OffsetOutOfRangeException) {
            long start = ctx.log().startOffset(cursor.partition);
            log.info("MQTT client {}: records of {} from {} are no longer in the log, continuing at {}", clientId,
                cursor.partition, cursor.position(), start);
            cursor.moveTo(Math.max(0, start));
            return;
        }
        cursor.readFailed();
        log.warn("MQTT client {}: reading {} failed, retrying in {} ms: {}", clientId, cursor.partition,
            READ_RETRY_MS, failure.toString());
        EventExecutor ex = executor;
        ex.schedule(() -> {
            if (executor == ex && cursors.get(cursor.partition) == cursor) {
                cursor.retry();
                pump();
            }
        }, READ_RETRY_MS, TimeUnit.MILLISECONDS);
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

    // ---------------------------------------------------------------- resending on attach

    /**
     * Resends every unacknowledged PUBLISH (DUP set, same packet id, the record read again at its offset) and PUBREL,
     * in the order they were first sent, before anything new (MQTT 5 4.4, 4.6).
     */
    private void startResend() {
        resendQueue.addAll(inFlight.values());
        for (InFlight entry : resendQueue) {
            if (entry.fromLog() && entry.stage == InFlight.Stage.PUBLISH) {
                resendWanted.add(new PartitionOffset(entry.partition, entry.offset));
            }
        }
        resending = true;
        resendNext();
    }

    private void resendNext() {
        while (!resendQueue.isEmpty()) {
            InFlight entry = resendQueue.peekFirst();
            if (inFlight.get(entry.packetId) != entry) {
                resendQueue.pollFirst();
                continue;
            }
            if (entry.stage == InFlight.Stage.PUBREL) {
                resendQueue.pollFirst();
                emit(Outgoing.pubrel(entry));
                continue;
            }
            if (!entry.fromLog()) {
                resendQueue.pollFirst();
                resendRetained(entry);
                continue;
            }
            PartitionOffset place = new PartitionOffset(entry.partition, entry.offset);
            LogRecord record = resendRecords.remove(place);
            if (record == null && resendLookedUp.add(entry)) {
                readForResend(entry);
                return;
            }
            resendQueue.pollFirst();
            Optional<Message> message = record == null ? Optional.empty() : mapper.toMessage(record);
            if (message.isEmpty()) {
                dropGone(entry);
                continue;
            }
            Message out = MessageExpiry.forResend(message.get(), record.timestamp(), ctx.time().milliseconds())
                .withQos(entry.qos).withRetain(entry.retain);
            emit(new Outgoing(entry, out, true, entry.subscriptionIds, entry.needsVersion, false));
        }
        resending = false;
        resendRecords.clear();
        resendWanted.clear();
        resendLookedUp.clear();
        pump();
    }

    private void readForResend(InFlight entry) {
        int gen = generation;
        ctx.log().read(entry.partition, entry.offset, READ_BYTES).whenComplete((result, failure) -> onOwner(gen,
            () -> {
                if (result != null) {
                    for (LogRecord record : result.records()) {
                        PartitionOffset place = new PartitionOffset(record.partition(), record.offset());
                        if (resendWanted.remove(place)) {
                            resendRecords.put(place, record);
                        }
                    }
                } else {
                    log.info("MQTT client {}: {} at {} cannot be read again to resend it: {}", clientId,
                        entry.partition, entry.offset, Failures.cause(failure).toString());
                }
                resendNext();
            }));
    }

    private void resendRetained(InFlight entry) {
        if (entry.retained == null) {
            entry.retained = retainedMessage(entry.retainedTopic);
        }
        if (entry.retained == null) {
            dropGone(entry);
            return;
        }
        Message out = entry.retained.withQos(entry.qos).withRetain(true);
        emit(new Outgoing(entry, out, true, entry.subscriptionIds, entry.needsVersion, false));
    }

    private Message retainedMessage(String topic) {
        Optional<TopicFilter> exact = TopicFilter.parse(topic);
        if (exact.isEmpty()) {
            return null;
        }
        for (Message message : ctx.retained().matching(exact.get())) {
            if (message.topic().equals(topic)) {
                return message;
            }
        }
        return null;
    }

    /** The message of an in-flight entry is no longer there (retention, compaction, a cleared retained message). */
    private void dropGone(InFlight entry) {
        log.info("MQTT client {}: in-flight message {} is no longer available; not resent", clientId,
            entry.fromLog() ? entry.partition + "@" + entry.offset : entry.retainedTopic);
        finish(entry);
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

    private StoredDelivery snapshot() {
        List<StoredDelivery.StoredSubscription> subs = new ArrayList<>();
        for (Subscription s : subscriptions.all()) {
            subs.add(new StoredDelivery.StoredSubscription(s.filter().toString(), s.qos(), s.noLocal(),
                s.retainAsPublished(), s.retainHandling(), s.subscriptionId()));
        }
        List<StoredDelivery.StoredPosition> positions = new ArrayList<>();
        for (PartitionCursor cursor : cursors.values()) {
            positions.add(new StoredDelivery.StoredPosition(cursor.partition.topic(), cursor.partition.partition(),
                cursor.position()));
        }
        List<StoredDelivery.StoredInFlight> entries = new ArrayList<>();
        for (InFlight e : inFlight.values()) {
            if (e.stage == InFlight.Stage.PUBREL) {
                entries.add(new StoredDelivery.StoredInFlight(e.packetId, e.stage.name(), null, null, null, null, 2,
                    false, List.of()));
            } else if (e.fromLog() && !e.isShared()) {
                entries.add(new StoredDelivery.StoredInFlight(e.packetId, e.stage.name(), e.partition.topic(),
                    e.partition.partition(), e.offset, null, e.qos, e.retain, e.subscriptionIds));
            } else if (!e.fromLog()) {
                entries.add(new StoredDelivery.StoredInFlight(e.packetId, e.stage.name(), null, null, null,
                    e.retainedTopic, e.qos, true, e.subscriptionIds));
            }
        }
        return new StoredDelivery(StoredDelivery.VERSION, subs, positions, entries);
    }

    /** Takes over a stored state (at open, before anyone else sees this session). */
    void restore(StoredDelivery stored) {
        for (StoredDelivery.StoredSubscription s : stored.subscriptions()) {
            Optional<TopicFilter> filter = TopicFilter.parse(s.filter());
            if (filter.isEmpty()) {
                continue;
            }
            Subscription subscription = new Subscription(filter.get(), s.qos(), s.noLocal(), s.retainAsPublished(),
                s.retainHandling(), s.subscriptionId());
            subscriptions.put(subscription);
            if (subscription.isShared()) {
                ctx.shareGroups().join(this, filter.get(), false, 0, generation);
            }
        }
        for (StoredDelivery.StoredPosition p : stored.positions()) {
            TopicPartition tp = new TopicPartition(p.topic(), p.partition());
            cursors.put(tp, new PartitionCursor(tp, p.offset(), this::wake));
        }
        for (StoredDelivery.StoredInFlight f : stored.inFlight()) {
            InFlight entry;
            if (InFlight.Stage.PUBREL.name().equals(f.stage())) {
                entry = InFlight.releasing(f.packetId());
            } else if (f.topic() != null && f.partition() != null && f.offset() != null) {
                entry = InFlight.fromLog(f.packetId(), new TopicPartition(f.topic(), f.partition()), f.offset(),
                    f.qos(), f.retain(), f.subscriptionIds() == null ? List.of() : f.subscriptionIds(), null);
            } else if (f.retainedTopic() != null) {
                entry = new InFlight(f.packetId(), null, -1, f.retainedTopic(), f.qos(), true,
                    f.subscriptionIds() == null ? List.of() : f.subscriptionIds(), null);
            } else {
                continue;
            }
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
