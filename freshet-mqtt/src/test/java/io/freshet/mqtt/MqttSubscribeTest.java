package io.freshet.mqtt;

import io.freshet.mqtt.RawMqttClient.Bytes;
import io.freshet.mqtt.RawMqttClient.Packet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.freshet.mqtt.MqttPublishTest.bytes;
import static io.freshet.mqtt.MqttPublishTest.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the protocol layer does to PUBLISHes towards subscribers (served from the log by the delivery layer): the
 * client's Maximum Packet Size, topic aliases, Subscription Identifiers; a Kafka producer's record reaching Paho.
 */
@Timeout(60)
class MqttSubscribeTest {

    @TempDir
    Path dataDir;

    private MqttFixture fixture;

    @BeforeEach
    void start() {
        fixture = MqttFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void shouldDeliverAKafkaProducersRecordToAnMqtt5SubscriberWithItsHeadersAsUserProperties() throws Exception {
        try (Paho5 subscriber = Paho5.connect(fixture.mqttUri(), "display")) {
            assertThat(subscriber.subscribe("sensors/+/temp", 1)).isEqualTo(1);

            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("sensors", bytes("dev1/temp"), bytes("19.5"));
            record.headers().add("site", bytes("north"));
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                producer.send(record).get();
            }
            Paho5.Received received = subscriber.next();
            assertThat(received.topic()).isEqualTo("sensors/dev1/temp");
            assertThat(text(received.message().getPayload())).isEqualTo("19.5");
            assertThat(received.message().getProperties().getUserProperties())
                .singleElement().satisfies(p -> assertThat(p.getKey() + "=" + p.getValue()).isEqualTo("site=north"));
        }
    }

    @Test
    void shouldNotSendAPublishLargerThanTheSubscribersMaximumPacketSize() throws Exception {
        try (RawMqttClient subscriber = new RawMqttClient(fixture.mqttPort())) {
            subscriber.send(RawMqttClient.connect5("small", new Bytes().u8(0x27).u32(200)));
            assertThat(subscriber.read(RawMqttClient.CONNACK).reasonCode()).isZero();
            subscriber.send(RawMqttClient.subscribe5(1, "sized/#", 1, 5));
            subscriber.read(RawMqttClient.SUBACK);

            publish("sized/a", new byte[500]);
            publish("sized/a", bytes("fits"));

            Packet publish = subscriber.read(RawMqttClient.PUBLISH);
            assertThat(text(publish.payload())).as("the large one was dropped, the next one sent").isEqualTo("fits");
            assertThat(publish.body().length + 2).isLessThanOrEqualTo(200);
        }
    }

    /** A raw client: Paho Java 1.2.5 loses the topic of an alias-only PUBLISH (eclipse-paho/paho.mqtt.java#866). */
    @Test
    void shouldUseTopicAliasesTowardsASubscriberThatAcceptsThemAndCarryTheSubscriptionIdentifier() throws Exception {
        try (RawMqttClient subscriber = new RawMqttClient(fixture.mqttPort())) {
            subscriber.send(RawMqttClient.connect5("aliased", new Bytes().u8(0x22).u16(4)));
            subscriber.read(RawMqttClient.CONNACK);
            subscriber.send(RawMqttClient.subscribe5(1, "aliased/#", 0, 42));
            subscriber.read(RawMqttClient.SUBACK);

            publish("aliased/x", bytes("one"));
            publish("aliased/x", bytes("two"));

            Packet first = subscriber.read(RawMqttClient.PUBLISH);
            Packet second = subscriber.read(RawMqttClient.PUBLISH);
            assertThat(first.topic()).isEqualTo("aliased/x");
            assertThat(first.intProperties()).containsEntry(0x23, 1).containsEntry(0x0B, 42);
            assertThat(second.topic()).as("only the alias the second time").isEmpty();
            assertThat(second.intProperties()).containsEntry(0x23, 1).containsEntry(0x0B, 42);
            assertThat(text(second.payload())).isEqualTo("two");
        }
    }

    private void publish(String topic, byte[] payload) throws Exception {
        try (Paho5 publisher = Paho5.connect(fixture.mqttUri(), "pub-" + System.nanoTime())) {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            publisher.client.publish(topic, message).waitForCompletion(10_000);
            publisher.disconnect();
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.kafkaBootstrap(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }
}
