package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.TopicFilter;
import org.apache.kafka.common.utils.Time;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One session's side of its {@code $share} subscriptions: which groups know it as a member (joined, attached,
 * detached, left through {@link ShareGroups}), and the records they hand it, sent through its
 * {@link OutboundWindow} and reported back to the group ({@link ShareGroup#completed}, {@link ShareGroup#returned}).
 *
 * <p>Owned by the session's thread, except {@link #handed}: the share groups' thread only enqueues there.
 */
final class SessionShares {

    private final ShareMember member;
    private final ShareGroups groups;
    private final SubscriptionSet subscriptions;
    private final OutboundWindow window;
    private final Time time;
    /** Shared subscriptions whose group knows this session (joined at subscribe, or at the first attach). */
    private final Set<TopicFilter> joined = new HashSet<>();
    private final ConcurrentLinkedQueue<SharedItem> inbox = new ConcurrentLinkedQueue<>();

    SessionShares(ShareMember member, ShareGroups groups, SubscriptionSet subscriptions, OutboundWindow window,
                  Time time) {
        this.member = member;
        this.groups = groups;
        this.subscriptions = subscriptions;
        this.window = window;
        this.time = time;
    }

    /** A group hands this session a record. Any thread (the share groups'): only enqueues. */
    void handed(SharedItem item) {
        inbox.add(item);
    }

    /** Drops what was handed to a previous connection: its group took those back when it detached. */
    void dropHanded() {
        inbox.clear();
    }

    /**
     * A shared subscription was granted: joins its group unless already a member for that filter. Returns the
     * join (done once the group knows the session), or null if there was nothing to join.
     */
    CompletableFuture<Void> subscribed(TopicFilter filter, int capacity, int generation) {
        return joined.add(filter) ? groups.join(member, filter, true, capacity, generation) : null;
    }

    void unsubscribed(TopicFilter filter) {
        if (joined.remove(filter)) {
            groups.leave(member, filter);
        }
    }

    /** Attached: joins the groups of restored subscriptions, then tells every group it has to do with. */
    void attached(int capacity, int generation) {
        for (Subscription s : subscriptions.all()) {
            if (s.isShared() && joined.add(s.filter())) {
                // restored: the group resumes from its committed offsets; partitions new to it from their start
                groups.join(member, s.filter(), false, capacity, generation);
            }
        }
        for (String group : groupNames()) {
            groups.attached(member, group, capacity, generation);
        }
    }

    /** Detached: the groups take back what they handed and this connection did not finish. */
    void detached() {
        for (String group : groupNames()) {
            groups.detached(member, group);
        }
    }

    /** The session is discarded: it leaves every group. */
    void leaveAll() {
        for (TopicFilter share : joined) {
            groups.leave(member, share);
        }
        joined.clear();
    }

    /**
     * Sends what the groups handed to the attachment {@code generation}; returns true if some must wait (window
     * full, socket not writable). Items handed to an earlier attachment are dropped.
     */
    boolean send(int generation, int protocolVersion) {
        SharedItem item;
        while ((item = inbox.peek()) != null) {
            if (item.memberGeneration() == generation && !offer(item, protocolVersion)) {
                return true;
            }
            inbox.poll();
        }
        return false;
    }

    private boolean offer(SharedItem item, int protocolVersion) {
        PartitionOffset place = new PartitionOffset(item.record().partition(), item.record().offset());
        Optional<Match> match = subscriptions.matchShared(item.group().name(), item.message());
        if (match.isEmpty()) {
            item.group().returned(member, place); // unsubscribed meanwhile: another member gets it
            return true;
        }
        Optional<Message> alive = MessageExpiry.remaining(item.message(), item.record().timestamp(),
            time.milliseconds());
        if (alive.isEmpty()) {
            item.group().completed(member, place);
            return true;
        }
        int qos = Math.min(item.message().qos(), match.get().qos());
        if (!window.canSend(qos)) {
            return false;
        }
        boolean retain = item.message().retain() && match.get().retainAsPublished();
        List<Integer> ids = protocolVersion >= 5 ? match.get().subscriptionIds() : List.of();
        window.sendFromLog(alive.get().withQos(qos).withRetain(retain), ids, place.partition(), place.offset(),
            item.group());
        if (qos == 0) {
            item.group().completed(member, place);
        }
        return true;
    }

    /** The share groups this session has anything to do with: subscribed, or holding records of. */
    private Set<String> groupNames() {
        Set<String> names = new HashSet<>();
        for (Subscription s : subscriptions.all()) {
            if (s.isShared()) {
                names.add(s.filter().shareGroup());
            }
        }
        for (InFlight entry : window.entries()) {
            if (entry.isShared()) {
                names.add(entry.group.name());
            }
        }
        for (SharedItem item : inbox) {
            names.add(item.group().name());
        }
        return names;
    }
}
