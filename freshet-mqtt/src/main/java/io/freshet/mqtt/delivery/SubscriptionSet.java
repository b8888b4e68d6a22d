package io.freshet.mqtt.delivery;

import io.freshet.mqtt.message.Message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A session's subscriptions, keyed by filter as written (a new SUBSCRIBE with the same filter replaces the old one),
 * and what a message adds up to against them. Owned by the session's thread.
 */
final class SubscriptionSet {

    private final Map<String, Subscription> byFilter = new LinkedHashMap<>();

    /** Adds or replaces; returns the one replaced, or null if the filter is new. */
    Subscription put(Subscription subscription) {
        return byFilter.put(subscription.key(), subscription);
    }

    Subscription remove(String filter) {
        return byFilter.remove(filter);
    }

    Subscription get(String filter) {
        return byFilter.get(filter);
    }

    Collection<Subscription> all() {
        return List.copyOf(byFilter.values());
    }

    boolean isEmpty() {
        return byFilter.isEmpty();
    }

    /** The subscriptions that are not shared: the session reads the log for these itself. */
    List<Subscription> direct() {
        List<Subscription> direct = new ArrayList<>();
        for (Subscription s : byFilter.values()) {
            if (!s.isShared()) {
                direct.add(s);
            }
        }
        return direct;
    }

    /**
     * How {@code message}, read from the log, goes to this session's non-shared subscriptions; empty if none takes it.
     * A No Local subscription (MQTT 5) does not take what this client published itself ({@code publisherId}, the
     * record's {@code mqtt.client_id}).
     */
    Optional<Match> matchDirect(Message message, String publisherId, String ownClientId) {
        boolean ownMessage = ownClientId.equals(publisherId);
        return matching(message, s -> !s.isShared() && !(s.noLocal() && ownMessage));
    }

    /** How {@code message}, handed over by share group {@code group}, goes to this session's subscriptions in it. */
    Optional<Match> matchShared(String group, Message message) {
        return matching(message, s -> group.equals(s.filter().shareGroup()));
    }

    private Optional<Match> matching(Message message, java.util.function.Predicate<Subscription> eligible) {
        int qos = -1;
        boolean retainAsPublished = false;
        TreeSet<Integer> ids = new TreeSet<>();
        for (Subscription s : byFilter.values()) {
            if (!eligible.test(s) || !s.filter().matches(message.topic())) {
                continue;
            }
            qos = Math.max(qos, s.qos());
            retainAsPublished |= s.retainAsPublished();
            if (s.subscriptionId() != 0) {
                ids.add(s.subscriptionId());
            }
        }
        return qos < 0 ? Optional.empty() : Optional.of(new Match(qos, retainAsPublished, List.copyOf(ids)));
    }
}
