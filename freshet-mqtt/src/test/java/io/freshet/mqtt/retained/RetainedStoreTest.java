package io.freshet.mqtt.retained;

import io.freshet.storage.testing.ManualClock;
import io.freshet.gateway.LogRecord;
import io.freshet.gateway.ReadResult;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;
import io.freshet.mqtt.message.MessageProperties.UserProperty;
import io.freshet.mqtt.message.TopicFilter;
import io.freshet.mqtt.state.BrokerOnDisk;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** RetainedStore on Freshet's storage: wildcard matching, clearing, expiry, and all of it across a restart. */
@Timeout(60)
class RetainedStoreTest {

    private static final String TOPIC = "__mqtt_retained";

    @TempDir
    Path dataDir;

    /** Starts at the real time: the broker refuses record timestamps more than an hour ahead of its own clock. */
    private final ManualClock time = new ManualClock(System.currentTimeMillis());
    private BrokerOnDisk broker;

    @BeforeEach
    void start() {
        broker = new BrokerOnDisk(dataDir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void shouldMatchRetainedMessagesWithWildcards() throws Exception {
        RetainedStore retained = open();
        put(retained, "sensors/a/temp", "sensors/b/temp", "sensors/a/hum", "sensors", "sensorsX/a/temp", "other/x");

        assertThat(topics(retained, "sensors/+/temp")).containsExactlyInAnyOrder("sensors/a/temp", "sensors/b/temp");
        assertThat(topics(retained, "sensors/#"))
            .containsExactlyInAnyOrder("sensors", "sensors/a/temp", "sensors/b/temp", "sensors/a/hum");
        assertThat(topics(retained, "sensors/a/temp")).containsExactly("sensors/a/temp");
        assertThat(topics(retained, "sensors")).containsExactly("sensors");
        assertThat(topics(retained, "+/x")).containsExactly("other/x");
        assertThat(topics(retained, "+/+/temp"))
            .containsExactlyInAnyOrder("sensors/a/temp", "sensors/b/temp", "sensorsX/a/temp");
        assertThat(topics(retained, "#")).hasSize(6);
        assertThat(topics(retained, "$share/g/sensors/+/temp")).hasSize(2);
        assertThat(topics(retained, "sensors/c/#")).isEmpty();
        assertThat(retained.matching(filter("#"))).allSatisfy(m -> assertThat(m.retain()).isTrue());
    }

    @Test
    void shouldKeepTheLastMessageOfATopicWithItsQosAndPropertiesAcrossARestart() throws Exception {
        RetainedStore retained = open();
        MessageProperties properties = new MessageProperties(1, null, "text/plain", "replies/a", new byte[] {1, 2},
            List.of(new UserProperty("unit", "°C")));
        retained.put(new Message("sensors/a", utf8("old"), 1, true, MessageProperties.NONE)).get(10, TimeUnit.SECONDS);
        retained.put(new Message("sensors/a", utf8("21.5"), 0, true, properties)).get(10, TimeUnit.SECONDS);

        broker.restart();

        List<Message> matching = open().matching(filter("sensors/#"));
        assertThat(matching).hasSize(1);
        Message message = matching.get(0);
        assertThat(message.topic()).isEqualTo("sensors/a");
        assertThat(message.payload()).isEqualTo(utf8("21.5"));
        assertThat(message.qos()).isZero(); // a QoS 0 message is retained too
        assertThat(message.retain()).isTrue();
        assertThat(message.properties().contentType()).isEqualTo("text/plain");
        assertThat(message.properties().responseTopic()).isEqualTo("replies/a");
        assertThat(message.properties().correlationData()).containsExactly(1, 2);
        assertThat(message.properties().payloadFormatIndicator()).isEqualTo(1);
        assertThat(message.properties().userProperties()).containsExactly(new UserProperty("unit", "°C"));
    }

    @Test
    void shouldClearATopicWithAnEmptyPayloadByATombstone() throws Exception {
        RetainedStore retained = open();
        put(retained, "sensors/a", "sensors/b");
        retained.put(new Message("sensors/a", new byte[0], 1, true, MessageProperties.NONE)).get(10, TimeUnit.SECONDS);
        assertThat(topics(retained, "sensors/#")).containsExactly("sensors/b");

        ReadResult read = broker.log().read(new TopicPartition(TOPIC, 0), 0, 1 << 20).get(10, TimeUnit.SECONDS);
        assertThat(read.records()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8), LogRecord::value)
            .containsExactly(tuple("sensors/a", utf8("sensors/a")), tuple("sensors/b", utf8("sensors/b")),
                tuple("sensors/a", null));

        broker.restart();

        assertThat(topics(open(), "#")).containsExactly("sensors/b");
    }

    @Test
    void shouldLeaveOutExpiredMessagesAndGiveTheRemainingExpiry() throws Exception {
        RetainedStore retained = open();
        retained.put(expiring("door/open", 10)).get(10, TimeUnit.SECONDS);
        retained.put(expiring("door/closed", 60)).get(10, TimeUnit.SECONDS);
        put(retained, "door/lock");

        time.advance(2_500);
        assertThat(retained.matching(filter("door/+"))).extracting(Message::topic, m -> m.properties().messageExpirySeconds())
            .containsExactlyInAnyOrder(tuple("door/open", 8L), tuple("door/closed", 58L), tuple("door/lock", null));

        time.advance(7_500); // door/open: 10 s are up
        assertThat(topics(retained, "door/+")).containsExactlyInAnyOrder("door/closed", "door/lock");

        broker.restart(); // expiry counts from when the message was stored, not from the restart

        time.advance(20_000);
        assertThat(open().matching(filter("door/#"))).extracting(Message::topic, m -> m.properties().messageExpirySeconds())
            .containsExactlyInAnyOrder(tuple("door/closed", 30L), tuple("door/lock", null));
        time.advance(30_000);
        assertThat(topics(open(), "door/#")).containsExactly("door/lock");
    }

    private RetainedStore open() throws Exception {
        return RetainedStore.open(broker.log(), TOPIC, time).get(30, TimeUnit.SECONDS);
    }

    /** One retained QoS 1 message per topic, its payload the topic's name. */
    private static void put(RetainedStore retained, String... topics) throws Exception {
        CompletableFuture.allOf(Stream.of(topics)
                .map(topic -> retained.put(new Message(topic, utf8(topic), 1, true, MessageProperties.NONE)))
                .toArray(CompletableFuture[]::new))
            .get(10, TimeUnit.SECONDS);
    }

    private static Message expiring(String topic, long seconds) {
        return new Message(topic, utf8("x"), 1, true, new MessageProperties(null, seconds, null, null, null, List.of()));
    }

    private static List<String> topics(RetainedStore retained, String filter) {
        return retained.matching(filter(filter)).stream().map(Message::topic).toList();
    }

    private static TopicFilter filter(String text) {
        return TopicFilter.parse(text).orElseThrow();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
