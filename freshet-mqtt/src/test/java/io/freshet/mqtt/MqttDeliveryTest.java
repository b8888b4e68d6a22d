package io.freshet.mqtt;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscriptions served from the log, end to end: Kafka producers write, Eclipse Paho (MQTT 5 and 3.1.1) subscribers
 * receive through the MQTT listener.
 */
@Timeout(90)
class MqttDeliveryTest {

    private static final Duration QUIET = Duration.ofMillis(500);

    @TempDir
    Path dataDir;

    private MqttFixture fixture;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shouldDeliverKafkaProducerRecordsToAnMqtt5SubscriberByWildcardWithHeadersAsUserProperties()
        throws Exception {
        fixture = MqttFixture.start(dataDir);
        Paho5 device = track(Paho5.connect(fixture.mqttUri(), "dashboard"));
        MqttProperties withId = new MqttProperties();
        withId.setSubscriptionIdentifier(42);
        IMqttToken granted = device.client.subscribe(new MqttSubscription[] {new MqttSubscription("sensors/+/temp", 1)},
            null, null, withId);
        granted.waitForCompletion(10_000);
        assertThat(granted.getReasonCodes()).containsExactly(1);

        try (KafkaProducer<String, String> producer = producer()) {
            ProducerRecord<String, String> hot = new ProducerRecord<>("sensors", "dev1/temp", "21.5");
            hot.headers().add(new RecordHeader("unit", "C".getBytes(StandardCharsets.UTF_8)));
            producer.send(hot).get();
            producer.send(new ProducerRecord<>("sensors", "dev1/humidity", "40")).get();
            producer.send(new ProducerRecord<>("sensors", "dev2/temp", "19.0")).get();
        }

        Paho5.Received first = device.next();
        Paho5.Received second = device.next();
        assertThat(List.of(first.topic(), second.topic())).containsExactlyInAnyOrder("sensors/dev1/temp",
            "sensors/dev2/temp");
        Paho5.Received dev1 = first.topic().equals("sensors/dev1/temp") ? first : second;
        assertThat(new String(dev1.message().getPayload(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        assertThat(dev1.message().getQos()).isEqualTo(1); // a Kafka record counts as QoS 2: the granted QoS decides
        assertThat(dev1.message().isRetained()).isFalse();
        assertThat(dev1.message().getProperties().getUserProperties()).contains(new UserProperty("unit", "C"));
        assertThat(dev1.message().getProperties().getSubscriptionIdentifiers()).containsExactly(42);
        await().during(QUIET).until(() -> device.received.isEmpty());
    }

    @Test
    void shouldDeliverToAnMqtt311SubscriberWhatAnMqtt5ClientPublishes() throws Exception {
        fixture = MqttFixture.start(dataDir);
        List<String> got = new CopyOnWriteArrayList<>();
        MqttClient v3 = new MqttClient(fixture.mqttUri(), "old-device", new MemoryPersistence());
        clients.add(v3::close);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        v3.connect(options);
        v3.subscribe(new String[] {"lights/#"}, new int[] {2}, new IMqttMessageListener[] {
            (topic, message) -> got.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)
                + "@" + message.getQos())});

        Paho5 publisher = track(Paho5.connect(fixture.mqttUri(), "switch"));
        for (int i = 0; i < 3; i++) {
            MqttMessage message = new MqttMessage(("on" + i).getBytes(StandardCharsets.UTF_8));
            message.setQos(i);
            publisher.client.publish("lights/kitchen", message).waitForCompletion(10_000);
        }

        await().until(() -> got.size() == 3);
        assertThat(got).containsExactly("lights/kitchen=on0@0", "lights/kitchen=on1@1", "lights/kitchen=on2@2");
        v3.disconnect();
    }

    @Test
    void shouldDeliverWhatWasWrittenWhileAPersistentSessionWasAwayAcrossARestartExactlyOnce() throws Exception {
        fixture = MqttFixture.start(dataDir);
        MqttConnectionOptions persistent = new MqttConnectionOptions();
        persistent.setCleanStart(false);
        persistent.setSessionExpiryInterval(3600L);
        Paho5 first = Paho5.connect(fixture.mqttUri(), "logger", persistent);
        assertThat(first.subscribe("plant/#", 2)).isEqualTo(2);
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("plant", "line1", "before")).get();
        }
        assertThat(first.next()).isNotNull();
        first.disconnect();
        first.close();

        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("plant", "line" + (i % 4), "away-" + i));
            }
            producer.flush();
        }
        fixture.restart();
        Paho5 second = track(Paho5.connect(fixture.mqttUri(), "logger", persistent));
        assertThat(second.sessionPresent()).isTrue();

        List<String> got = new ArrayList<>();
        await().until(() -> {
            Paho5.Received r;
            while ((r = second.received.poll()) != null) {
                got.add(new String(r.message().getPayload(), StandardCharsets.UTF_8));
            }
            return got.size() >= 20;
        });
        await().during(QUIET).until(() -> second.received.isEmpty());
        assertThat(got).doesNotHaveDuplicates().hasSize(20).allMatch(p -> p.startsWith("away-"));
    }

    @Test
    void shouldSendRetainedMessagesOnSubscribeWithTheRetainFlag() throws Exception {
        fixture = MqttFixture.start(dataDir);
        Paho5 publisher = track(Paho5.connect(fixture.mqttUri(), "thermostat"));
        MqttMessage setPoint = new MqttMessage("20".getBytes(StandardCharsets.UTF_8));
        setPoint.setQos(1);
        setPoint.setRetained(true);
        publisher.client.publish("home/setpoint", setPoint).waitForCompletion(10_000);

        Paho5 subscriber = track(Paho5.connect(fixture.mqttUri(), "panel"));
        subscriber.subscribe("home/#", 1);
        Paho5.Received retained = subscriber.next();
        assertThat(retained.topic()).isEqualTo("home/setpoint");
        assertThat(retained.message().isRetained()).isTrue();

        MqttMessage live = new MqttMessage("21".getBytes(StandardCharsets.UTF_8));
        live.setQos(1);
        live.setRetained(true);
        publisher.client.publish("home/setpoint", live).waitForCompletion(10_000);
        Paho5.Received forwarded = subscriber.next();
        assertThat(new String(forwarded.message().getPayload(), StandardCharsets.UTF_8)).isEqualTo("21");
        assertThat(forwarded.message().isRetained()).as("not Retain As Published: cleared").isFalse();
    }

    @Test
    void shouldShareMessagesAmongThreeMembersEachToOneKeepingKeysTogether() throws Exception {
        fixture = MqttFixture.start(dataDir);
        List<Paho5> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Paho5 member = track(Paho5.connect(fixture.mqttUri(), "worker-" + i));
            assertThat(member.subscribe("$share/workers/jobs/#", 1)).isEqualTo(1);
            members.add(member);
        }
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 90; i++) {
                producer.send(new ProducerRecord<>("jobs", "job" + (i % 9), "job" + (i % 9) + ":" + (i / 9)));
            }
            producer.flush();
        }

        Map<String, List<String>> byMember = new HashMap<>();
        await().until(() -> {
            for (int i = 0; i < 3; i++) {
                Paho5.Received r;
                while ((r = members.get(i).received.poll()) != null) {
                    byMember.computeIfAbsent("worker-" + i, k -> new ArrayList<>())
                        .add(new String(r.message().getPayload(), StandardCharsets.UTF_8));
                }
            }
            return byMember.values().stream().mapToInt(List::size).sum() >= 90;
        });
        List<String> all = byMember.values().stream().flatMap(List::stream).toList();
        assertThat(all).doesNotHaveDuplicates().hasSize(90);
        Map<String, String> memberOfKey = new HashMap<>();
        byMember.forEach((member, payloads) -> {
            Map<String, List<Integer>> sequences = new HashMap<>();
            for (String payload : payloads) {
                String key = payload.split(":")[0];
                assertThat(memberOfKey.putIfAbsent(key, member)).isIn(null, member);
                sequences.computeIfAbsent(key, k -> new ArrayList<>()).add(Integer.parseInt(payload.split(":")[1]));
            }
            sequences.values().forEach(seq -> assertThat(seq).isSorted());
        });
    }

    @Test
    void shouldLoseNothingAtQos1WhileTheSessionIsTakenOverAgainAndAgain() throws Exception {
        fixture = MqttFixture.start(dataDir);
        MqttConnectionOptions persistent = new MqttConnectionOptions();
        persistent.setCleanStart(false);
        persistent.setSessionExpiryInterval(3600L);
        List<Paho5> connections = new ArrayList<>();
        connections.add(track(Paho5.connect(fixture.mqttUri(), "roamer", persistent)));
        connections.get(0).subscribe("feed/#", 1);
        Thread writer = new Thread(() -> {
            try (KafkaProducer<String, String> producer = producer()) {
                for (int i = 0; i < 2000; i++) {
                    producer.send(new ProducerRecord<>("feed", "k" + (i % 7), "m" + i));
                }
                producer.flush();
            }
        });
        writer.start();
        for (int round = 0; round < 8; round++) {
            // each new connection takes the session over from the last one, while records keep coming
            connections.add(track(Paho5.connect(fixture.mqttUri(), "roamer", persistent)));
        }
        writer.join();

        java.util.Set<String> got = new java.util.HashSet<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Paho5 connection : connections) {
                Paho5.Received r;
                while ((r = connection.received.poll()) != null) {
                    got.add(new String(r.message().getPayload(), StandardCharsets.UTF_8));
                }
            }
            return got.size() == 2000;
        });
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.kafkaBootstrap(),
            ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new StringSerializer());
    }

    private Paho5 track(Paho5 client) {
        clients.add(client);
        return client;
    }
}
