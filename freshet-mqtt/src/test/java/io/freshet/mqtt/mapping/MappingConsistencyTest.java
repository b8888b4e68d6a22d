package io.freshet.mqtt.mapping;

import io.freshet.mqtt.mapping.TopicMapper.Mapping;
import io.freshet.mqtt.message.TopicFilter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two properties the rest of the MQTT layer relies on, over many random topics, keys and filters (seeded, so a
 * failure repeats): a published topic comes back as itself, and mayMatch never leaves out a Kafka topic holding a
 * record a filter matches.
 */
class MappingConsistencyTest {

    private static final String[] LEVELS = {"", "a", "b", "factory", "telemetry", "sensors", "plant-events", "root",
        "x y", "é", ".", "__internal", "$SYS", "line1"};
    private static final String[] KAFKA_TOPICS = {"a", "b", "factory", "telemetry", "sensors", "plant-events", "root",
        "line1", "__internal"};
    private static final int SAMPLES = 20_000;

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "+/+/telemetry -> telemetry key=topic; factory/# -> plant-events key=rest",
        "a/+/b/# -> root; /# -> line1; # -> sensors key=topic",
        "a/b -> a; b/# -> b; +/telemetry -> factory key=rest; factory/a/# -> telemetry"})
    void shouldMapEveryPublishedTopicBackToItself(String rules) {
        RuleBasedTopicMapper mapper = RuleBasedTopicMapper.parse(rules);
        Random random = new Random(rules.hashCode());
        int mapped = 0;
        for (int i = 0; i < SAMPLES; i++) {
            String topic = randomTopic(random);
            if (mapper.toKafka(topic) instanceof Mapping.Target target) {
                mapped++;
                assertThat(mapper.toMqtt(target.kafkaTopic(), target.key())).as("%s -> %s", topic, target.kafkaTopic())
                    .contains(topic);
            }
        }
        assertThat(mapped).isGreaterThan(SAMPLES / 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "+/+/telemetry -> telemetry key=topic; factory/# -> plant-events key=rest",
        "a/+/b/# -> root; /# -> line1; # -> sensors key=topic"})
    void shouldNeverLeaveOutAKafkaTopicWithARecordTheFilterMatches(String rules) {
        RuleBasedTopicMapper mapper = RuleBasedTopicMapper.parse(rules);
        Random random = new Random(rules.hashCode());
        int matched = 0;
        for (int i = 0; i < SAMPLES; i++) {
            String kafkaTopic = KAFKA_TOPICS[random.nextInt(KAFKA_TOPICS.length)];
            byte[] key = random.nextInt(5) == 0 ? null : randomTopic(random).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Optional<String> mqttTopic = mapper.toMqtt(kafkaTopic, key);
            Optional<TopicFilter> parsed = randomFilter(random);
            if (parsed.isEmpty()) {
                continue; // the empty filter
            }
            TopicFilter filter = parsed.get();
            if (mqttTopic.isPresent() && filter.matches(mqttTopic.get())) {
                matched++;
                assertThat(mapper.mayMatch(filter, kafkaTopic)).as("%s in %s", filter, kafkaTopic).isTrue();
            }
        }
        assertThat(matched).isGreaterThan(SAMPLES / 50);
    }

    private static String randomTopic(Random random) {
        int levels = 1 + random.nextInt(4);
        List<String> topic = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            topic.add(LEVELS[random.nextInt(LEVELS.length)]);
        }
        return String.join("/", topic);
    }

    private static Optional<TopicFilter> randomFilter(Random random) {
        int levels = 1 + random.nextInt(4);
        List<String> filter = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            int pick = random.nextInt(LEVELS.length + 3);
            if (pick == LEVELS.length && i == levels - 1) {
                filter.add("#");
            } else if (pick >= LEVELS.length) {
                filter.add("+");
            } else {
                filter.add(LEVELS[pick]);
            }
        }
        return TopicFilter.parse(String.join("/", filter));
    }
}
