package io.freshet.mqtt.mapping;

import io.freshet.mqtt.mapping.TopicMapper.Mapping;
import io.freshet.mqtt.message.TopicFilter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MQTT topic to Kafka topic and key, the way back, and mayMatch: the default rule and configured rules. */
class RuleBasedTopicMapperTest {

    private static final String RULES = "+/+/telemetry -> telemetry key=topic; factory/# -> plant-events key=rest";

    private final RuleBasedTopicMapper defaults = RuleBasedTopicMapper.parse("");
    private final RuleBasedTopicMapper configured = RuleBasedTopicMapper.parse(RULES);

    @Test
    void shouldMapTheFirstLevelToTheKafkaTopicAndTheRestToTheKey() {
        assertTarget(defaults.toKafka("sensors/dev42/temp"), "sensors", "dev42/temp");
        assertTarget(defaults.toKafka("sensors"), "sensors", null);
        assertThat(defaults.toMqtt("sensors", utf8("dev42/temp"))).contains("sensors/dev42/temp");
        assertThat(defaults.toMqtt("sensors", null)).contains("sensors");
    }

    @Test
    void shouldKeepEmptyLevelsAfterTheFirstAndTellTheEmptyKeyFromNoKey() {
        assertTarget(defaults.toKafka("a//b"), "a", "/b");
        assertTarget(defaults.toKafka("a/"), "a", "");
        assertThat(defaults.toMqtt("a", utf8("/b"))).contains("a//b");
        assertThat(defaults.toMqtt("a", new byte[0])).contains("a/");
    }

    @Test
    void shouldEncodeTheKeyAsUtf8() {
        Mapping mapping = defaults.toKafka("sensors/température/°C");
        assertThat(((Mapping.Target) mapping).key()).isEqualTo("température/°C".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseTopicsThatNameNoKafkaTopicAnMqttClientMayUse() {
        assertRefused(defaults.toKafka("/a"), "first topic level is empty");
        assertRefused(defaults.toKafka("température/x"), "not a valid Kafka topic name");
        assertRefused(defaults.toKafka("my topic/x"), "not a valid Kafka topic name");
        assertRefused(defaults.toKafka("./x"), "'.' is not a valid Kafka topic name");
        assertRefused(defaults.toKafka(".."), "'..' is not a valid Kafka topic name");
        assertRefused(defaults.toKafka("x".repeat(250) + "/k"), "at most 249 characters");
        assertTarget(defaults.toKafka("x".repeat(249) + "/k"), "x".repeat(249), "k");
        assertRefused(defaults.toKafka("__consumer_offsets/x"), "internal Kafka topic");
        assertRefused(defaults.toKafka("__mqtt_sessions"), "internal Kafka topic");
        assertTarget(defaults.toKafka("_single/x"), "_single", "x");
    }

    @Test
    void shouldRefuseBrokerTopicsAndInvalidTopicNames() {
        assertRefused(defaults.toKafka("$SYS/broker/uptime"), "starting with $");
        assertRefused(configured.toKafka("$SYS/x/telemetry"), "starting with $");
        assertRefused(defaults.toKafka("sensors/+"), "not a valid MQTT topic name");
        assertRefused(defaults.toKafka("sensors/#"), "not a valid MQTT topic name");
        assertRefused(defaults.toKafka(""), "not a valid MQTT topic name");
        assertRefused(defaults.toKafka("a/\u0000"), "not a valid MQTT topic name");
    }

    @Test
    void shouldApplyTheFirstMatchingRuleAndTheDefaultRuleLast() {
        assertTarget(configured.toKafka("site1/pump7/telemetry"), "telemetry", "site1/pump7/telemetry");
        assertTarget(configured.toKafka("factory/line1/press"), "plant-events", "line1/press");
        assertTarget(configured.toKafka("factory"), "plant-events", null);
        assertTarget(configured.toKafka("factory/telemetry/x"), "plant-events", "telemetry/x");
        assertTarget(configured.toKafka("sensors/dev42/temp"), "sensors", "dev42/temp");
        assertTarget(configured.toKafka("site1/telemetry"), "site1", "telemetry"); // two levels: not +/+/telemetry

        RuleBasedTopicMapper overlapping = RuleBasedTopicMapper.parse("a/b/# -> first; a/# -> second");
        assertTarget(overlapping.toKafka("a/b/c"), "first", "c");
        assertTarget(overlapping.toKafka("a/c/d"), "second", "c/d");
    }

    @Test
    void shouldMapRecordsBackByTheRuleThatFeedsTheirKafkaTopic() {
        assertThat(configured.toMqtt("telemetry", utf8("site1/pump7/telemetry"))).contains("site1/pump7/telemetry");
        assertThat(configured.toMqtt("telemetry", utf8("anything/a/kafka/producer/wrote")))
            .contains("anything/a/kafka/producer/wrote");
        assertThat(configured.toMqtt("telemetry", null)).isEmpty();
        assertThat(configured.toMqtt("plant-events", utf8("line1/press"))).contains("factory/line1/press");
        assertThat(configured.toMqtt("plant-events", null)).contains("factory");
        assertThat(configured.toMqtt("sensors", utf8("dev42"))).contains("sensors/dev42");
    }

    @Test
    void shouldRefuseADefaultRulePublishThatWouldComeBackUnderAnotherTopic() {
        // plant-events/x would be stored in plant-events, key x, and come back as factory/x
        assertRefused(configured.toKafka("plant-events/x"), "fed by the mapping rule 'factory/# -> plant-events key=rest'");
        // a rule keeping the default split is no conflict
        RuleBasedTopicMapper same = RuleBasedTopicMapper.parse("sensors/# -> sensors");
        assertTarget(same.toKafka("sensors/a"), "sensors", "a");
    }

    @Test
    void shouldMapOnlyValidMqttTopicNamesBack() {
        assertThat(defaults.toMqtt("__mqtt_retained", utf8("a"))).isEmpty();
        assertThat(defaults.toMqtt("__consumer_offsets", null)).isEmpty();
        assertThat(defaults.toMqtt("sensors", utf8("a/+"))).isEmpty();
        assertThat(defaults.toMqtt("sensors", utf8("#"))).isEmpty();
        assertThat(defaults.toMqtt("sensors", utf8("a\u0000b"))).isEmpty();
        assertThat(defaults.toMqtt("sensors", new byte[] {(byte) 0xC3, (byte) 0x28})).isEmpty(); // not UTF-8
        assertThat(configured.toMqtt("telemetry", utf8("$SYS/fake"))).isEmpty();
        assertThat(configured.toMqtt("telemetry", new byte[0])).isEmpty();
        assertThat(configured.toMqtt("telemetry", utf8("é".repeat(32_767)))).isPresent(); // 65,534 bytes
        assertThat(configured.toMqtt("telemetry", utf8("é".repeat(32_768)))).isEmpty();
    }

    @Test
    void shouldMapTopicsWithAnEmptyFirstLevelOnlyByARule() {
        RuleBasedTopicMapper root = RuleBasedTopicMapper.parse("/# -> root");
        assertTarget(root.toKafka("/a/b"), "root", "a/b");
        assertThat(root.toMqtt("root", utf8("a/b"))).contains("/a/b");
        assertThat(root.toMqtt("root", null)).isEmpty(); // would be the empty topic name
    }

    @Test
    void shouldKeyByTheRestAfterTheLiteralPrefixOfTheFilter() {
        RuleBasedTopicMapper mapper = RuleBasedTopicMapper.parse("plant/+/press/# -> presses; home/kitchen -> kitchen;"
            + " +/alerts -> alerts key=rest");
        assertTarget(mapper.toKafka("plant/l1/press/7"), "presses", "l1/press/7");
        assertThat(mapper.toMqtt("presses", utf8("l1/press/7"))).contains("plant/l1/press/7");
        assertTarget(mapper.toKafka("home/kitchen"), "kitchen", null);
        assertThat(mapper.toMqtt("kitchen", null)).contains("home/kitchen");
        assertTarget(mapper.toKafka("site/alerts"), "alerts", "site/alerts"); // no literal prefix: the whole topic
    }

    @Test
    void shouldParseRulesWithSpacesEmptyRulesAndTheDefaultKeyOption() {
        RuleBasedTopicMapper mapper = RuleBasedTopicMapper.parse("  my home/# ->  home-events ;; ;x->y key=topic;");
        assertThat(mapper.rules()).containsExactly("my home/# ->  home-events", "x->y key=topic");
        assertTarget(mapper.toKafka("my home/hall"), "home-events", "hall");
        assertTarget(mapper.toKafka("x"), "y", "x");
        assertThat(RuleBasedTopicMapper.parse(null).rules()).isEmpty();
        assertThat(RuleBasedTopicMapper.parse("  ").rules()).isEmpty();
    }

    @Test
    void shouldRefuseBadRulesNamingTheSettingAndTheRule() {
        assertBadRule("a/b", "rule 1 'a/b': expected 'FILTER -> KAFKA_TOPIC [key=rest|key=topic]'");
        assertBadRule("a -> b; -> c", "rule 2 '-> c': expected");
        assertBadRule("a ->", "expected");
        assertBadRule("a -> b c d", "expected");
        assertBadRule("a/#/b -> t", "# must be a whole level and the last one");
        assertBadRule("a/b+ -> t", "+ must be a whole level");
        assertBadRule("$SYS/# -> sys", "topics starting with $");
        assertBadRule("$share/g/a -> t", "shared subscription");
        assertBadRule("a/# -> bad!topic", "not a valid Kafka topic name");
        assertBadRule("a/# -> __consumer_offsets", "internal Kafka topic");
        assertBadRule("a/# -> ..", "not a valid Kafka topic name");
        assertBadRule("a/# -> t key=client", "unknown key option 'key=client'");
        assertBadRule("a/# -> t; b/# -> t", "rule 2 'b/# -> t': Kafka topic 't' is already fed by rule 'a/# -> t'");
        assertBadRule("+/x -> t key=topic; b/# -> t", "must map it back alike");
    }

    @Test
    void shouldAcceptRulesThatFeedOneKafkaTopicAlike() {
        RuleBasedTopicMapper mapper = RuleBasedTopicMapper.parse(
            "+/+/telemetry -> telemetry key=topic; +/telemetry -> telemetry key=topic; a/b/# -> ab; a/b/+/x -> ab");
        assertTarget(mapper.toKafka("s/telemetry"), "telemetry", "s/telemetry");
        assertTarget(mapper.toKafka("a/b/c/x"), "ab", "c/x");
    }

    @Test
    void shouldPickTheKafkaTopicsASubscriptionMayReceiveFrom() {
        assertThat(defaults.mayMatch(filter("sensors/#"), "sensors")).isTrue();
        assertThat(defaults.mayMatch(filter("sensors"), "sensors")).isTrue();
        assertThat(defaults.mayMatch(filter("+/dev42/temp"), "sensors")).isTrue();
        assertThat(defaults.mayMatch(filter("#"), "sensors")).isTrue();
        assertThat(defaults.mayMatch(filter("$share/g/sensors/+"), "sensors")).isTrue();
        assertThat(defaults.mayMatch(filter("sensors/#"), "sensors2")).isFalse();
        assertThat(defaults.mayMatch(filter("other/+"), "sensors")).isFalse();
        assertThat(defaults.mayMatch(filter("#"), "__mqtt_retained")).isFalse();
        assertThat(defaults.mayMatch(filter("+"), "__consumer_offsets")).isFalse();

        assertThat(configured.mayMatch(filter("factory/#"), "plant-events")).isTrue();
        assertThat(configured.mayMatch(filter("factory"), "plant-events")).isTrue();
        assertThat(configured.mayMatch(filter("plant-events/#"), "plant-events")).isFalse();
        assertThat(configured.mayMatch(filter("sensors/#"), "telemetry")).isTrue(); // a Kafka producer's key may be any topic
        assertThat(configured.mayMatch(filter("$SYS/#"), "telemetry")).isFalse();
    }

    private static TopicFilter filter(String text) {
        return TopicFilter.parse(text).orElseThrow();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertTarget(Mapping mapping, String kafkaTopic, String key) {
        assertThat(mapping).isInstanceOf(Mapping.Target.class);
        Mapping.Target target = (Mapping.Target) mapping;
        assertThat(target.kafkaTopic()).isEqualTo(kafkaTopic);
        assertThat(target.key() == null ? null : new String(target.key(), StandardCharsets.UTF_8)).isEqualTo(key);
    }

    private static void assertRefused(Mapping mapping, String reasonPart) {
        assertThat(mapping).isInstanceOf(Mapping.Refused.class);
        assertThat(((Mapping.Refused) mapping).reason()).contains(reasonPart);
    }

    private static void assertBadRule(String setting, String messagePart) {
        assertThatThrownBy(() -> RuleBasedTopicMapper.parse(setting))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("mqtt.topic.mapping: ")
            .hasMessageContaining(messagePart);
    }
}
