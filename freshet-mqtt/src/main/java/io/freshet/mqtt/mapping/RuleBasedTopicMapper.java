package io.freshet.mqtt.mapping;

import io.freshet.gateway.LogRecord;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.TopicFilter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link TopicMapper}: configured rules first, in order, then the default rule. Immutable and thread-safe.
 *
 * <h2>Rules ({@code mqtt.topic.mapping})</h2>
 * Rules separated by {@code ;}, each {@code FILTER -> KAFKA_TOPIC [key=rest|key=topic]} (spaces around the parts are
 * ignored; a filter cannot contain {@code ->} or {@code ;}):
 * <ul>
 *   <li>{@code FILTER}: an MQTT topic filter ({@code +} one level, {@code #} the rest); not {@code $...}, not
 *       {@code $share/...}.</li>
 *   <li>{@code KAFKA_TOPIC}: a fixed Kafka topic: {@code [a-zA-Z0-9._-]}, 1 to 249 characters, not {@code .} or
 *       {@code ..}, not internal ({@code __...}).</li>
 *   <li>{@code key=rest} (the default): the key is what follows the filter's literal prefix (its levels before the
 *       first wildcard); no key if nothing follows. {@code key=topic}: the key is the whole MQTT topic.</li>
 * </ul>
 * A PUBLISH goes by the first rule whose filter matches its topic; if none does, by the default rule: the first
 * level is the Kafka topic, the rest the key ({@code sensors/dev42/temp} -> {@code sensors}, key
 * {@code dev42/temp}; {@code sensors} -> no key). Keys are the UTF-8 bytes of that text. Example:
 * <pre>
 *   mqtt.topic.mapping = +/+/telemetry -> telemetry key=topic; factory/# -> plant-events
 *
 *   site1/pump7/telemetry  -> telemetry,    key site1/pump7/telemetry
 *   factory/line1/press    -> plant-events, key line1/press
 *   factory                -> plant-events, no key
 *   sensors/dev42/temp     -> sensors,      key dev42/temp (default rule)
 * </pre>
 *
 * <h2>The way back</h2>
 * A record's MQTT topic is built by the same split that keyed it, so a published message comes back under its own
 * topic: in a Kafka topic fed by a {@code key=topic} rule the MQTT topic is the key (no key: not deliverable); in one
 * fed by a {@code key=rest} rule it is the rule's literal prefix, {@code /}, the key ({@code plant-events}, key
 * {@code line1/press} -> {@code factory/line1/press}; no key -> {@code factory}); in any other Kafka topic it is
 * {@code TOPIC/KEY} (no key: {@code TOPIC}). So rules that feed the same Kafka topic must split alike (all
 * {@code key=topic}, or the same literal prefix): parsing refuses others. For the same reason the default rule
 * refuses a topic whose first level names a Kafka topic a rule feeds under another prefix ({@code plant-events/x}
 * above), rather than store a record that would come back as {@code factory/x}. A record a Kafka producer wrote is
 * delivered under the name the split gives its key, even where publishing to that name would go elsewhere.
 *
 * <h2>Refused</h2>
 * Topics whose first level starts with {@code $} (the broker's, such as {@code $SYS/...}); under the default rule an
 * empty first level ({@code /a}: MQTT allows it, but it names no Kafka topic; a rule such as
 * {@code /# -> root} can map it) or one that is not a Kafka topic name MQTT may use. Empty levels elsewhere are
 * kept: {@code a//b} -> {@code a}, key {@code /b}; {@code a/} -> {@code a}, the empty key (not the same as no key).
 */
public final class RuleBasedTopicMapper implements TopicMapper {

    /** An MQTT topic is a UTF-8 string with a two-byte length. */
    private static final int MAX_TOPIC_BYTES = 65_535;

    private final List<MappingRule> rules;
    /** The first rule feeding each Kafka topic; every other rule feeding it splits alike (checked in parse). */
    private final Map<String, MappingRule> ruleByKafkaTopic;

    private RuleBasedTopicMapper(List<MappingRule> rules, Map<String, MappingRule> ruleByKafkaTopic) {
        this.rules = List.copyOf(rules);
        this.ruleByKafkaTopic = Map.copyOf(ruleByKafkaTopic);
    }

    /**
     * Parses {@code mqtt.topic.mapping} (blank: the default rule only).
     *
     * @throws IllegalArgumentException naming {@code mqtt.topic.mapping} and the rule at fault
     */
    public static RuleBasedTopicMapper parse(String setting) {
        List<MappingRule> rules = new ArrayList<>();
        Map<String, MappingRule> byKafkaTopic = new HashMap<>();
        for (String text : setting == null ? new String[0] : setting.split(";")) {
            if (text.isBlank()) {
                continue;
            }
            int number = rules.size() + 1;
            MappingRule rule = MappingRule.parse(text, number);
            MappingRule earlier = byKafkaTopic.putIfAbsent(rule.kafkaTopic(), rule);
            if (earlier != null && !earlier.split().equals(rule.split())) {
                throw MappingRule.invalid(text, number, "Kafka topic '" + rule.kafkaTopic() + "' is already fed by rule '"
                    + earlier.text() + "' (" + earlier.split() + "), this one would give " + rule.split()
                    + ": rules feeding one Kafka topic must map it back alike (all key=topic, or one literal prefix)");
            }
            rules.add(rule);
        }
        return new RuleBasedTopicMapper(rules, byKafkaTopic);
    }

    @Override
    public Mapping toKafka(String mqttTopic) {
        if (!TopicFilter.isValidTopicName(mqttTopic)) {
            return new Mapping.Refused("not a valid MQTT topic name");
        }
        if (mqttTopic.startsWith("$")) {
            return new Mapping.Refused("topics starting with $ are the broker's");
        }
        for (MappingRule rule : rules) {
            if (rule.matches(mqttTopic)) {
                return target(rule.kafkaTopic(), rule.split(), mqttTopic);
            }
        }
        return byDefaultRule(mqttTopic);
    }

    private Mapping byDefaultRule(String mqttTopic) {
        int slash = mqttTopic.indexOf('/');
        String kafkaTopic = slash < 0 ? mqttTopic : mqttTopic.substring(0, slash);
        if (kafkaTopic.isEmpty()) {
            return new Mapping.Refused("the first topic level is empty; it names the Kafka topic");
        }
        String problem = KafkaTopicNames.invalidReason(kafkaTopic);
        if (problem != null) {
            return new Mapping.Refused("the first topic level names the Kafka topic: " + problem);
        }
        KeySplit split = KeySplit.under(kafkaTopic);
        MappingRule rule = ruleByKafkaTopic.get(kafkaTopic);
        if (rule != null && !rule.split().equals(split)) {
            return new Mapping.Refused("Kafka topic '" + kafkaTopic + "' is fed by the mapping rule '" + rule.text()
                + "': publish to a topic matching " + rule.filter());
        }
        return target(kafkaTopic, split, mqttTopic);
    }

    private static Mapping target(String kafkaTopic, KeySplit split, String mqttTopic) {
        String key = split.key(mqttTopic);
        return new Mapping.Target(kafkaTopic, key == null ? null : key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> toMqtt(String kafkaTopic, byte[] key) {
        if (KafkaTopicNames.isInternal(kafkaTopic)) {
            return Optional.empty();
        }
        String keyText = null;
        if (key != null) {
            keyText = MessageHeaders.mqttString(key);
            if (keyText == null || keyText.indexOf('+') >= 0 || keyText.indexOf('#') >= 0) {
                return Optional.empty();
            }
        }
        String mqttTopic = splitOf(kafkaTopic).mqttTopic(keyText);
        if (mqttTopic == null || mqttTopic.isEmpty() || mqttTopic.startsWith("$")
            || mqttTopic.length() > MAX_TOPIC_BYTES / 3 && utf8Length(mqttTopic) > MAX_TOPIC_BYTES) {
            return Optional.empty();
        }
        return Optional.of(mqttTopic);
    }

    @Override
    public boolean mayMatch(TopicFilter filter, String kafkaTopic) {
        return !KafkaTopicNames.isInternal(kafkaTopic) && splitOf(kafkaTopic).mayMatch(filter.filter().split("/", -1));
    }

    @Override
    public Optional<Set<String>> kafkaTopicsOf(TopicFilter filter) {
        String first = filter.firstLevel();
        if (first.equals("+") || first.equals("#")) {
            return Optional.empty(); // the default rule's topic is this level: any topic may match
        }
        Set<String> topics = new TreeSet<>();
        for (String fed : ruleByKafkaTopic.keySet()) {
            if (mayMatch(filter, fed)) {
                topics.add(fed);
            }
        }
        if (KafkaTopicNames.invalidReason(first) == null && mayMatch(filter, first)) {
            topics.add(first);
        }
        return Optional.of(topics);
    }

    private KeySplit splitOf(String kafkaTopic) {
        MappingRule rule = ruleByKafkaTopic.get(kafkaTopic);
        return rule == null ? KeySplit.under(kafkaTopic) : rule.split();
    }

    @Override
    public OutgoingRecord toRecord(Message message, String clientId, Mapping.Target target) {
        return new OutgoingRecord(target.key(), message.payload(), MessageHeaders.encode(message, clientId), -1);
    }

    @Override
    public Optional<Message> toMessage(LogRecord record) {
        return toMqtt(record.partition().topic(), record.key())
            .map(topic -> MessageHeaders.decode(topic, record.value(), record.headers()));
    }

    /** The configured rules, as written, in the order they are tried (the default rule, implicit, comes last). */
    public List<String> rules() {
        return rules.stream().map(MappingRule::text).toList();
    }

    @Override
    public String toString() {
        return MqttConfig.TOPIC_MAPPING + "=" + String.join("; ", rules());
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
