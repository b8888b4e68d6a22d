package io.freshet.mqtt.delivery;

import io.freshet.gateway.EventLog;
import io.freshet.gateway.LogRecord;
import io.freshet.gateway.ReadResult;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.TopicFilter;
import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One shared subscription group ({@code $share/GROUP/filter}): its members share the records of the topics their
 * filters match, each record going to one connected member whose filter matches it. The member is picked by the hash
 * of the record key among the connected members (ordered by client id), so one key keeps going to one member and
 * stays in order while membership is stable; records without a key go round robin. A member that disconnects gives
 * back what it has not acknowledged, and that goes to the others (at least once).
 *
 * <p>The group reads the log itself, once for all members, and keeps its position per partition as the offsets of
 * consumer group {@code mqtt-share-GROUP} ({@link EventLog#commitOffsets}): the lowest offset not yet completed,
 * committed at most every {@link ShareGroupOffsets#COMMIT_MS} while it moves. {@code freshet groups describe mqtt-share-GROUP} shows
 * the lag. A group seen for the first time starts at the end of each partition (and commits that at once, before
 * the SUBACK); a topic created later is read from its start.
 *
 * <p>Design note: one position per GROUP, so all filters subscribed under one share name form one group: a record
 * matching several of them goes to one member, once (MQTT would treat each filter as its own shared subscription).
 * Members with a full window hold back only the records picked for them: other partitions keep flowing, and the
 * group reads ahead no further than the members' free windows.
 *
 * <p>Owned by the share groups' thread ({@link ShareGroups}); sessions reach it through {@link #completed} and
 * {@link #returned}, which hop there.
 */
final class ShareGroup implements LogSignals.TopicWatcher {

    static final String GROUP_ID_PREFIX = "mqtt-share-";
    private static final long RETRY_MS = 5000;
    private static final int READ_BYTES = 64 * 1024;
    private static final int MAX_READS = 4;
    private static final Logger log = LoggerFactory.getLogger(ShareGroup.class);

    private final String name;
    private final String groupId;
    private final EventLog eventLog;
    private final TopicMapper mapper;
    private final LogSignals signals;
    private final EventExecutor executor;
    private final java.util.function.Consumer<ShareGroup> onEmpty;

    private final Map<ShareMember, Member> members = new LinkedHashMap<>();
    private final Map<TopicPartition, PartitionCursor> cursors = new LinkedHashMap<>();
    private final Set<TopicPartition> loading = new HashSet<>();
    /** Offsets handed out (or waiting to be handed out again) and not yet completed, per partition. */
    private final Map<TopicPartition, TreeSet<Long>> uncompleted = new HashMap<>();
    private final Map<PartitionOffset, Handed> outstanding = new HashMap<>();
    /** Records given back by a member that left, in log order, to go to another member first. */
    private final TreeMap<PartitionOffset, LogRecord> redeliver = new TreeMap<>();
    private final ShareGroupOffsets offsets;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();

    private int roundRobin;
    private int rotation;
    private int readsInFlight;
    private boolean closed;

    private static final class Member {
        final ShareMember session;
        final Set<TopicFilter> filters = new LinkedHashSet<>();
        boolean connected;
        int capacity;
        int generation;
        int outstanding;

        Member(ShareMember session) {
            this.session = session;
        }
    }

    private record Handed(LogRecord record, Member member) {
    }

    private enum Offered { HANDED, SKIPPED, BLOCKED }

    ShareGroup(String name, EventLog eventLog, TopicMapper mapper, LogSignals signals, EventExecutor executor,
               java.util.function.Consumer<ShareGroup> onEmpty) {
        this.name = name;
        this.groupId = GROUP_ID_PREFIX + name;
        this.eventLog = eventLog;
        this.mapper = mapper;
        this.signals = signals;
        this.executor = executor;
        this.onEmpty = onEmpty;
        this.offsets = new ShareGroupOffsets(groupId, eventLog, executor, this::positions);
        signals.watchTopics(this);
    }

    String name() {
        return name;
    }

    String groupId() {
        return groupId;
    }

    /**
     * Adds {@code filter} for {@code session}. {@code fresh}: a new subscription, which starts at the end of the
     * partitions the group does not read yet and have no committed offset; a restored one starts at their beginning
     * (they were created after it). {@code capacity} > 0: the member is connected, with that window. Completes once
     * the starting offsets are committed.
     */
    CompletableFuture<Void> join(ShareMember session, TopicFilter filter, boolean fresh, int capacity,
                                 int generation) {
        Member member = members.computeIfAbsent(session, Member::new);
        member.filters.add(filter);
        if (capacity > 0) {
            connect(member, capacity, generation);
        }
        List<TopicPartition> added = new ArrayList<>();
        for (TopicPartition tp : TopicScan.partitions(eventLog, mapper, filter)) {
            if (!cursors.containsKey(tp) && loading.add(tp)) {
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            dispatch();
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> joined = new CompletableFuture<>();
        eventLog.committedOffsets(groupId, added).whenComplete((stored, failure) -> Hops.execute(executor, () -> {
            loading.removeAll(added);
            if (failure != null) {
                log.warn("MQTT share group {}: reading its committed offsets failed, starting at the end: {}", name,
                    Failures.cause(failure).toString());
            }
            Map<TopicPartition, Long> starts = new HashMap<>();
            for (TopicPartition tp : added) {
                if (closed || cursors.containsKey(tp)) {
                    continue;
                }
                Long committed = stored == null ? null : stored.get(tp);
                long start = committed != null ? committed : fresh ? TopicScan.endOffset(eventLog, tp) : 0;
                addCursor(tp, start);
                if (committed == null) {
                    starts.put(tp, start);
                } else {
                    offsets.known(tp, committed);
                }
            }
            offsets.commitNow(starts).whenComplete((ignored, e) -> joined.complete(null));
            dispatch();
        }));
        return joined;
    }

    void attached(ShareMember session, int capacity, int generation) {
        Member member = members.get(session);
        if (member != null) {
            connect(member, capacity, generation);
            dispatch();
        }
    }

    /** The member's connection is gone: what it has not acknowledged goes to the others. */
    void detached(ShareMember session) {
        Member member = members.get(session);
        if (member == null) {
            return;
        }
        member.connected = false;
        for (Iterator<Map.Entry<PartitionOffset, Handed>> it = outstanding.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PartitionOffset, Handed> e = it.next();
            if (e.getValue().member == member) {
                redeliver.put(e.getKey(), e.getValue().record);
                it.remove();
            }
        }
        member.outstanding = 0;
        forgetIfDone(member);
        dispatch();
    }

    void leave(ShareMember session, TopicFilter filter) {
        Member member = members.get(session);
        if (member != null) {
            member.filters.remove(filter);
            forgetIfDone(member);
            dispatch();
        }
    }

    /** The member delivered the record (QoS 0 sent, PUBACK, PUBREC, or it expired). Any thread. */
    void completed(ShareMember session, PartitionOffset record) {
        settle(session, record, handed -> done(record));
    }

    /** The member cannot take the record after all (it unsubscribed meanwhile): another member gets it. Any thread. */
    void returned(ShareMember session, PartitionOffset record) {
        settle(session, record, handed -> redeliver.put(record, handed.record));
    }

    /**
     * On the group's thread: {@code record} is no longer outstanding at {@code session}, and {@code then} decides what
     * becomes of it. Ignored if the group took it back from that member meanwhile (it detached).
     */
    private void settle(ShareMember session, PartitionOffset record, Consumer<Handed> then) {
        Hops.execute(executor, () -> {
            Handed handed = outstanding.get(record);
            if (handed == null || handed.member.session != session) {
                return;
            }
            outstanding.remove(record);
            handed.member.outstanding--;
            then.accept(handed);
            forgetIfDone(handed.member);
            dispatch();
        });
    }

    @Override
    public void onTopicChanged(String topic) {
        Hops.execute(executor, () -> topicChanged(topic));
    }

    /** Commits the current positions now (the broker's MQTT listener is closing). */
    CompletableFuture<Void> close() {
        closed = true;
        signals.unwatchTopics(this);
        for (PartitionCursor cursor : cursors.values()) {
            signals.unwatch(cursor.partition, cursor);
        }
        return offsets.close();
    }

    private void connect(Member member, int capacity, int generation) {
        member.connected = true;
        member.capacity = capacity;
        member.generation = generation;
    }

    private void forgetIfDone(Member member) {
        if (member.filters.isEmpty() && member.outstanding == 0) {
            members.remove(member.session);
            if (members.isEmpty() && !closed) {
                close();
                onEmpty.accept(this);
            }
        }
    }

    private void topicChanged(String topic) {
        if (closed) {
            return;
        }
        List<TopicPartition> partitions = TopicScan.partitions(eventLog, topic);
        if (partitions.isEmpty()) {
            cursors.keySet().stream().filter(tp -> tp.topic().equals(topic)).toList().forEach(this::removeCursor);
            return;
        }
        if (!TopicScan.mayMatch(mapper, filters(), topic)) {
            return;
        }
        for (TopicPartition tp : partitions) {
            if (!cursors.containsKey(tp) && !loading.contains(tp)) {
                addCursor(tp, 0); // created after the subscriptions: all its records are new to them
            }
        }
        offsets.changed();
        dispatch();
    }

    private List<TopicFilter> filters() {
        List<TopicFilter> filters = new ArrayList<>();
        for (Member member : members.values()) {
            filters.addAll(member.filters);
        }
        return filters;
    }

    private void addCursor(TopicPartition tp, long offset) {
        PartitionCursor cursor = new PartitionCursor(tp, offset, this::wake);
        cursors.put(tp, cursor);
        uncompleted.computeIfAbsent(tp, k -> new TreeSet<>());
        signals.watch(tp, cursor);
    }

    private void removeCursor(TopicPartition tp) {
        PartitionCursor cursor = cursors.remove(tp);
        if (cursor != null) {
            signals.unwatch(tp, cursor);
        }
        uncompleted.remove(tp);
        offsets.forget(tp);
    }

    private void wake() {
        if (wakeScheduled.compareAndSet(false, true)) {
            Hops.execute(executor, () -> {
                wakeScheduled.set(false);
                dispatch();
            });
        }
    }

    private void dispatch() {
        if (closed) {
            return;
        }
        boolean moved = redeliverReturned();
        List<PartitionCursor> list = new ArrayList<>(cursors.values());
        int n = list.size();
        for (int i = 0; i < n; i++) {
            PartitionCursor cursor = list.get(Math.floorMod(rotation + i, n));
            while (!cursor.pending.isEmpty()) {
                LogRecord record = cursor.pending.peekFirst();
                Offered offered = offer(record, false);
                if (offered == Offered.BLOCKED) {
                    break;
                }
                cursor.pending.pollFirst();
                moved = true;
            }
        }
        rotation++;
        if (moved) {
            offsets.changed();
        }
        startReads();
    }

    /** Hands out given-back records first, in log order; a blocked one holds back the rest of its partition. */
    private boolean redeliverReturned() {
        boolean moved = false;
        Set<TopicPartition> blocked = new HashSet<>();
        for (Iterator<Map.Entry<PartitionOffset, LogRecord>> it = redeliver.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PartitionOffset, LogRecord> e = it.next();
            if (blocked.contains(e.getKey().partition())) {
                continue;
            }
            if (offer(e.getValue(), true) == Offered.BLOCKED) {
                blocked.add(e.getKey().partition());
            } else {
                it.remove();
                moved = true;
            }
        }
        return moved;
    }

    private Offered offer(LogRecord record, boolean again) {
        PartitionOffset place = new PartitionOffset(record.partition(), record.offset());
        Optional<Message> message = mapper.toMessage(record);
        List<Member> candidates = new ArrayList<>();
        boolean anyMatch = false;
        if (message.isPresent()) {
            for (Member member : members.values()) {
                if (matches(member, message.get().topic())) {
                    anyMatch = true;
                    if (member.connected) {
                        candidates.add(member);
                    }
                }
            }
        }
        if (!anyMatch) {
            if (again) {
                done(place);
            }
            return Offered.SKIPPED;
        }
        if (candidates.isEmpty()) {
            return Offered.BLOCKED; // kept for a member to come back
        }
        Member member = pick(candidates, record.key());
        if (member.outstanding >= member.capacity) {
            return Offered.BLOCKED;
        }
        member.outstanding++;
        outstanding.put(place, new Handed(record, member));
        if (!again) {
            uncompleted.computeIfAbsent(place.partition(), k -> new TreeSet<>()).add(place.offset());
        }
        member.session.offer(new SharedItem(this, record, message.get(), member.generation));
        return Offered.HANDED;
    }

    private static boolean matches(Member member, String topic) {
        for (TopicFilter filter : member.filters) {
            if (filter.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    private Member pick(List<Member> candidates, byte[] key) {
        candidates.sort(Comparator.comparing(m -> m.session.clientId()));
        int n = candidates.size();
        if (key == null) {
            return candidates.get(Math.floorMod(roundRobin++, n));
        }
        return candidates.get(Utils.toPositive(Utils.murmur2(key)) % n);
    }

    private void done(PartitionOffset record) {
        TreeSet<Long> open = uncompleted.get(record.partition());
        if (open != null) {
            open.remove(record.offset());
        }
        offsets.changed();
    }

    private void startReads() {
        int spare = 0;
        for (Member member : members.values()) {
            if (member.connected) {
                spare += Math.max(0, member.capacity - member.outstanding);
            }
        }
        int buffered = redeliver.size();
        for (PartitionCursor cursor : cursors.values()) {
            buffered += cursor.pending.size();
        }
        if (spare <= buffered) {
            return; // members' windows are covered by what is in hand
        }
        List<PartitionCursor> list = new ArrayList<>(cursors.values());
        int n = list.size();
        for (int i = 0; i < n && readsInFlight < MAX_READS; i++) {
            PartitionCursor cursor = list.get(Math.floorMod(rotation + i, n));
            if (cursor.wantsRead()) {
                read(cursor);
            }
        }
    }

    private void read(PartitionCursor cursor) {
        long offset = cursor.startRead();
        readsInFlight++;
        eventLog.read(cursor.partition, offset, READ_BYTES).whenComplete((result, failure) ->
            Hops.execute(executor, () -> readDone(cursor, result, failure)));
    }

    private void readDone(PartitionCursor cursor, ReadResult result, Throwable failure) {
        readsInFlight--;
        if (closed || cursors.get(cursor.partition) != cursor) {
            return;
        }
        if (failure == null) {
            cursor.readDone(result);
        } else {
            readFailed(cursor, Failures.cause(failure));
        }
        dispatch();
    }

    private void readFailed(PartitionCursor cursor, Throwable failure) {
        if (failure instanceof OffsetOutOfRangeException) {
            long start = eventLog.startOffset(cursor.partition);
            log.info("MQTT share group {}: {} is no longer in the log, continuing at {}", name,
                cursor.partition, start);
            cursor.moveTo(Math.max(0, start));
            return;
        }
        cursor.readFailed();
        log.warn("MQTT share group {}: reading {} failed, retrying: {}", name, cursor.partition, failure.toString());
        executor.schedule(this::wake, RETRY_MS, TimeUnit.MILLISECONDS);
    }

    /** Per partition, the lowest offset not completed: everything below went to a member and was acknowledged. */
    private Map<TopicPartition, Long> positions() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (PartitionCursor cursor : cursors.values()) {
            long position = cursor.position();
            TreeSet<Long> open = uncompleted.get(cursor.partition);
            if (open != null && !open.isEmpty()) {
                position = Math.min(position, open.first());
            }
            positions.put(cursor.partition, position);
        }
        return positions;
    }
}
