package io.freshet.mqtt.mapping;

import io.freshet.gateway.LogRecord;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.mqtt.mapping.TopicMapper.Mapping;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;
import io.freshet.mqtt.message.MessageProperties.UserProperty;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** MQTT messages as records and back (TopicMapper.toRecord / toMessage): payload, QoS, retain, MQTT 5 properties. */
class MessageHeadersTest {

    private final RuleBasedTopicMapper mapper = RuleBasedTopicMapper.parse("");

    @Test
    void shouldCarryEveryPropertyThroughARecord() {
        byte[] correlation = {0, (byte) 0xFF, (byte) 0xC3, 0x28}; // not UTF-8: kept as raw bytes
        MessageProperties properties = new MessageProperties(1, 3600L, "application/json", "replies/dev42", correlation,
            List.of(new UserProperty("unit", "°C"), new UserProperty("unit", "K"), new UserProperty("site", "")));
        Message sent = new Message("sensors/dev42/temp", utf8("{\"t\":21.5}"), 1, true, properties);

        OutgoingRecord record = toRecord(sent, "dev42");
        assertThat(record.key()).isEqualTo(utf8("dev42/temp"));
        assertThat(record.value()).isEqualTo(sent.payload());
        assertThat(record.headers()).extracting(Header::key, h -> h.key().equals("mqtt.correlation_data")
                ? null : new String(h.value(), StandardCharsets.UTF_8))
            .containsExactly(
                tuple("mqtt.qos", "1"), tuple("mqtt.retain", "true"), tuple("mqtt.client_id", "dev42"),
                tuple("mqtt.content_type", "application/json"), tuple("mqtt.response_topic", "replies/dev42"),
                tuple("mqtt.correlation_data", null), tuple("mqtt.payload_format", "1"),
                tuple("mqtt.message_expiry", "3600"), tuple("unit", "°C"), tuple("unit", "K"), tuple("site", ""));

        Message received = mapper.toMessage(read("sensors", record)).orElseThrow();
        assertThat(received.topic()).isEqualTo("sensors/dev42/temp");
        assertThat(received.payload()).isEqualTo(sent.payload());
        assertThat(received.qos()).isEqualTo(1);
        assertThat(received.retain()).isTrue();
        MessageProperties back = received.properties();
        assertThat(back.payloadFormatIndicator()).isEqualTo(1);
        assertThat(back.messageExpirySeconds()).isEqualTo(3600L);
        assertThat(back.contentType()).isEqualTo("application/json");
        assertThat(back.responseTopic()).isEqualTo("replies/dev42");
        assertThat(back.correlationData()).isEqualTo(correlation);
        assertThat(back.userProperties()).isEqualTo(properties.userProperties());
    }

    @Test
    void shouldWriteOnlyQosRetainAndClientIdForAMessageWithoutProperties() {
        Message sent = new Message("sensors", new byte[0], 0, false, MessageProperties.NONE);
        OutgoingRecord record = toRecord(sent, "c1");
        assertThat(record.key()).isNull();
        assertThat(record.headers()).extracting(Header::key).containsExactly("mqtt.qos", "mqtt.retain", "mqtt.client_id");

        Message received = mapper.toMessage(read("sensors", record)).orElseThrow();
        assertThat(received.topic()).isEqualTo("sensors");
        assertThat(received.qos()).isZero();
        assertThat(received.retain()).isFalse();
        assertThat(received.payload()).isEmpty();
        assertThat(received.properties().userProperties()).isEmpty();
        assertThat(received.properties().messageExpirySeconds()).isNull();
        assertThat(received.properties().correlationData()).isNull();
    }

    @Test
    void shouldReadAKafkaProducersRecordAsQos2WithItsHeadersAsUserProperties() {
        LogRecord record = new LogRecord(new TopicPartition("orders", 0), 7, 1_000, utf8("eu/42"), null, List.of(
            header("trace-id", "abc"), new RecordHeader("empty", null),
            new RecordHeader("binary", new byte[] {(byte) 0xC3, 0x28}), header("nul", "a\u0000b")));

        Message message = mapper.toMessage(record).orElseThrow();

        assertThat(message.topic()).isEqualTo("orders/eu/42");
        assertThat(message.qos()).isEqualTo(2);
        assertThat(message.retain()).isFalse();
        assertThat(message.payload()).isEmpty();
        assertThat(message.properties().userProperties())
            .containsExactly(new UserProperty("trace-id", "abc"), new UserProperty("empty", ""));
    }

    @Test
    void shouldLeaveOutMqttHeadersThatAreNotWhatTheirNameSays() {
        LogRecord record = new LogRecord(new TopicPartition("orders", 0), 0, 0, null, utf8("x"), List.of(
            header("mqtt.qos", "7"), header("mqtt.retain", "yes"), header("mqtt.payload_format", "2"),
            header("mqtt.message_expiry", "-1"), header("mqtt.response_topic", "replies/#"),
            new RecordHeader("mqtt.content_type", new byte[] {(byte) 0xFF}), header("mqtt.future_thing", "1")));

        Message message = mapper.toMessage(record).orElseThrow();

        assertThat(message.qos()).isEqualTo(2);
        assertThat(message.retain()).isFalse();
        MessageProperties p = message.properties();
        assertThat(p.payloadFormatIndicator()).isNull();
        assertThat(p.messageExpirySeconds()).isNull();
        assertThat(p.responseTopic()).isNull();
        assertThat(p.contentType()).isNull();
        assertThat(p.userProperties()).isEmpty();
    }

    @Test
    void shouldKeepUserPropertiesNamedLikeMqttHeadersApartFromThem() {
        MessageProperties properties = new MessageProperties(null, null, null, null, null,
            List.of(new UserProperty("mqtt.qos", "0"), new UserProperty("mqtt.user.x", "y")));
        OutgoingRecord record = toRecord(new Message("sensors/a", utf8("p"), 1, false, properties), "c1");
        assertThat(record.headers()).extracting(Header::key).contains("mqtt.user.mqtt.qos", "mqtt.user.mqtt.user.x");

        Message received = mapper.toMessage(read("sensors", record)).orElseThrow();
        assertThat(received.qos()).isEqualTo(1);
        assertThat(received.properties().userProperties()).isEqualTo(properties.userProperties());
    }

    @Test
    void shouldKeepTheExpiryIntervalAsThePublisherGaveIt() {
        MessageProperties properties = new MessageProperties(null, 4_294_967_295L, null, null, null, List.of());
        OutgoingRecord record = toRecord(new Message("sensors/a", utf8("p"), 2, false, properties), null);
        assertThat(record.headers()).extracting(Header::key).doesNotContain("mqtt.client_id");

        // read back long after it was written: the remaining interval is delivery's business
        LogRecord old = new LogRecord(new TopicPartition("sensors", 0), 0, 0, record.key(), record.value(),
            record.headers());
        assertThat(mapper.toMessage(old).orElseThrow().properties().messageExpirySeconds()).isEqualTo(4_294_967_295L);
    }

    @Test
    void shouldHaveNoMessageForARecordWithoutAnMqttTopic() {
        LogRecord internal = new LogRecord(new TopicPartition("__mqtt_sessions", 0), 0, 0, utf8("a"), utf8("x"), List.of());
        LogRecord wildcardKey = new LogRecord(new TopicPartition("orders", 0), 0, 0, utf8("a/+"), utf8("x"), List.of());
        assertThat(mapper.toMessage(internal)).isEmpty();
        assertThat(mapper.toMessage(wildcardKey)).isEmpty();
    }

    private OutgoingRecord toRecord(Message message, String clientId) {
        return mapper.toRecord(message, clientId, (Mapping.Target) mapper.toKafka(message.topic()));
    }

    private static LogRecord read(String topic, OutgoingRecord record) {
        return new LogRecord(new TopicPartition(topic, 0), 42, 1_700_000_000_000L, record.key(), record.value(),
            record.headers());
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, utf8(value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
