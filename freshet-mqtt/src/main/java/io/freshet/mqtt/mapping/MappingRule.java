package io.freshet.mqtt.mapping;

import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.message.TopicFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * One configured rule of {@code mqtt.topic.mapping}: {@code FILTER -> KAFKA_TOPIC [key=rest|key=topic]} (the syntax
 * is described on {@link RuleBasedTopicMapper}). Immutable.
 */
record MappingRule(String text, TopicFilter filter, String kafkaTopic, KeySplit split) {

    private static final String ARROW = "->";
    private static final String SYNTAX = "expected 'FILTER -> KAFKA_TOPIC [key=rest|key=topic]'";

    boolean matches(String mqttTopic) {
        return filter.matches(mqttTopic);
    }

    /**
     * Parses rule number {@code number} (from 1) of the setting.
     *
     * @throws IllegalArgumentException naming {@code mqtt.topic.mapping}, the rule and what is wrong with it
     */
    static MappingRule parse(String text, int number) {
        int arrow = text.indexOf(ARROW);
        if (arrow < 0) {
            throw invalid(text, number, SYNTAX);
        }
        String filterText = text.substring(0, arrow).trim();
        String[] target = text.substring(arrow + ARROW.length()).trim().split("\\s+");
        if (filterText.isEmpty() || target[0].isEmpty() || target.length > 2) {
            throw invalid(text, number, SYNTAX);
        }
        TopicFilter filter = filter(text, number, filterText);
        String kafkaTopic = target[0];
        String topicProblem = KafkaTopicNames.invalidReason(kafkaTopic);
        if (topicProblem != null) {
            throw invalid(text, number, topicProblem);
        }
        String key = target.length == 2 ? target[1] : "key=rest";
        KeySplit split = switch (key) {
            case "key=rest" -> new KeySplit(literalPrefix(filterText));
            case "key=topic" -> KeySplit.WHOLE_TOPIC;
            default -> throw invalid(text, number, "unknown key option '" + key + "' (key=rest or key=topic)");
        };
        return new MappingRule(text.trim(), filter, kafkaTopic, split);
    }

    private static TopicFilter filter(String text, int number, String filterText) {
        String problem = TopicFilter.invalidReason(filterText);
        if (problem != null) {
            throw invalid(text, number, problem);
        }
        if (filterText.startsWith("$share/")) {
            throw invalid(text, number, "a shared subscription ($share/...) is not a topic filter of a rule");
        }
        if (filterText.startsWith("$")) {
            throw invalid(text, number, "topics starting with $ are the broker's and cannot be published to");
        }
        return TopicFilter.parse(filterText).orElseThrow();
    }

    /** The filter's levels before its first wildcard: what every topic it matches starts with. */
    private static List<String> literalPrefix(String filter) {
        List<String> prefix = new ArrayList<>();
        for (String level : filter.split("/", -1)) {
            if (level.equals("+") || level.equals("#")) {
                break;
            }
            prefix.add(level);
        }
        return prefix;
    }

    static IllegalArgumentException invalid(String text, int number, String problem) {
        return new IllegalArgumentException(
            MqttConfig.TOPIC_MAPPING + ": rule " + number + " '" + text.trim() + "': " + problem);
    }
}
