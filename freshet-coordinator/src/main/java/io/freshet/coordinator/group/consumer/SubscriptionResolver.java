package io.freshet.coordinator.group.consumer;

import io.freshet.coordinator.runtime.TopicView;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns members' subscriptions (names, a regex) into the existing topics they cover. Topics that do not exist
 * yet are skipped: when one is created its partition count appears, which changes the group's topic map and so
 * bumps the group epoch. Regexes are java.util.regex patterns matched against the whole name.
 */
final class SubscriptionResolver {

    private final TopicView topics;
    private final Map<String, Pattern> patterns = new HashMap<>();

    SubscriptionResolver(TopicView topics) {
        this.topics = topics;
    }

    Set<String> resolve(ConsumerMember member) {
        Set<String> resolved = new TreeSet<>();
        for (String name : member.subscribedTopicNames) {
            if (topics.partitionCount(name).isPresent()) {
                resolved.add(name);
            }
        }
        if (member.subscribedTopicRegex != null) {
            Pattern pattern = patterns.computeIfAbsent(member.subscribedTopicRegex, Pattern::compile);
            SortedMap<String, Integer> all = topics.allTopics();
            for (String name : all.keySet()) {
                if (!name.startsWith("__") && pattern.matcher(name).matches()) {
                    resolved.add(name);
                }
            }
        }
        return resolved;
    }

    /** Every member's resolved subscription, by member id. */
    SortedMap<String, Set<String>> subscriptions(ConsumerGroup group) {
        SortedMap<String, Set<String>> subscriptions = new TreeMap<>();
        group.members().forEach(m -> subscriptions.put(m.memberId(), resolve(m)));
        return subscriptions;
    }

    /** The subscribed topics and their partition counts now. */
    Map<String, Integer> topicPartitions(Map<String, Set<String>> subscriptions) {
        Set<String> union = new HashSet<>();
        subscriptions.values().forEach(union::addAll);
        Map<String, Integer> counts = new TreeMap<>();
        for (String topic : union) {
            OptionalInt count = topics.partitionCount(topic);
            if (count.isPresent()) {
                counts.put(topic, count.getAsInt());
            }
        }
        return counts;
    }
}
