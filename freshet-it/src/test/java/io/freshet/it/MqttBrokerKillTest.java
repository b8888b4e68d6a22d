package io.freshet.it;

import io.freshet.testkit.FreshetOnly;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A publisher (Eclipse Paho, MQTT 3.1.1) sends a numbered stream while the broker process is killed with SIGKILL
 * three times and restarted on its data, on a persistent session (Paho resends the unfinished publishes with the same
 * packet ids after each reconnect). What the broker acknowledged must be in the Kafka topic afterwards: every
 * PUBACKed message at least once (QoS 1), every message exactly once (QoS 2: the broker must recognise the resends
 * of messages it stored before it was killed). QoS 1 also over WebSocket ({@code /mqtt} on the HTTP listener): a
 * PUBACK there too is sent only once the message is durable.
 */
@FreshetOnly("SIGKILLs a Freshet process holding the log and the MQTT listener together; in front of Kafka they are two processes")
class MqttBrokerKillTest {

    private static final int MESSAGES = 3_000;
    private static final int WINDOW = 10;
    private static final int[] KILL_AT = {600, 1_400, 2_200};

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyPubackedQos1MessageShouldSurviveKills() throws Exception {
        Outcome outcome = publishThroughKills("kill-q1", 1);
        BitSet present = new BitSet();
        outcome.counts().keySet().forEach(present::set);
        BitSet lost = (BitSet) outcome.acked().clone();
        lost.andNot(present);
        assertThat(lost.cardinality()).as("PUBACKed messages missing after the kills: %s", lost).isZero();
        assertThat(outcome.acked().cardinality()).isEqualTo(MESSAGES);
        long duplicates = outcome.counts().values().stream().filter(c -> c > 1).count();
        System.out.printf("mqtt kill test QoS 1: %d acked, %d present, %d duplicated (allowed at QoS 1)%n",
                outcome.acked().cardinality(), present.cardinality(), duplicates);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyPubackedQos1MessageOverWebSocketShouldSurviveKills() throws Exception {
        Outcome outcome = publishThroughKills("kill-ws-q1", 1, MqttBroker::mqttOverWebSocketUri);
        BitSet present = new BitSet();
        outcome.counts().keySet().forEach(present::set);
        BitSet lost = (BitSet) outcome.acked().clone();
        lost.andNot(present);
        assertThat(lost.cardinality()).as("PUBACKed messages missing after the kills: %s", lost).isZero();
        assertThat(outcome.acked().cardinality()).isEqualTo(MESSAGES);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyQos2MessageShouldBeThereExactlyOnceAfterKills() throws Exception {
        Outcome outcome = publishThroughKills("kill-q2", 2);
        assertThat(outcome.acked().cardinality()).isEqualTo(MESSAGES);
        Map<Integer, Long> wrong = outcome.counts().entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(wrong).as("messages present other than exactly once").isEmpty();
        assertThat(outcome.counts()).hasSize(MESSAGES);
    }

    /** Polls {@code progress} for up to 50 ms: the publish loop's idle wait (no busy spin, no fixed sleep). */
    private static void waitBriefly(java.util.concurrent.Callable<Boolean> progress) {
        try {
            Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                    .atMost(Duration.ofMillis(50)).until(progress);
        } catch (org.awaitility.core.ConditionTimeoutException idle) {
            // nothing happened within 50 ms: loop, check the deadline
        }
    }

    private record Outcome(BitSet acked, Map<Integer, Long> counts) {
    }

    /**
     * Publishes 0..MESSAGES-1 with at most WINDOW unacknowledged; kills the broker when the acknowledged count passes
     * each of KILL_AT. A publish refused because the client is disconnected is tried again after it reconnected;
     * messages in flight stay with Paho's persistent session (clean session false), which resends them after each
     * reconnect with the same packet ids (a token that fails anyway is published again).
     */
    private Outcome publishThroughKills(String topic, int qos) throws Exception {
        return publishThroughKills(topic, qos, MqttBroker::mqttUri);
    }

    /** As above, connecting to {@code uri} (MQTT over TCP or over WebSocket). */
    private Outcome publishThroughKills(String topic, int qos, Function<MqttBroker, String> uri) throws Exception {
        Path dataDir = DataDirs.create("mqtt-" + topic);
        try (MqttBroker broker = new MqttBroker(dataDir)) {
            MqttAsyncClient client = new MqttAsyncClient(uri.apply(broker), "publisher-" + topic,
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            // a persistent session: Paho keeps unacknowledged publishes and resends them (DUP) after each reconnect
            options.setCleanSession(false);
            options.setAutomaticReconnect(true);
            options.setMaxReconnectDelay(500);
            options.setMaxInflight(WINDOW);
            options.setKeepAliveInterval(5);
            client.connect(options).waitForCompletion(10_000);

            BitSet acked = new BitSet();
            Deque<Integer> toSend = new ArrayDeque<>();
            for (int i = 0; i < MESSAGES; i++) {
                toSend.add(i);
            }
            Map<Integer, IMqttDeliveryToken> inFlight = new HashMap<>();
            int kills = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
            while ((!toSend.isEmpty() || !inFlight.isEmpty()) && System.nanoTime() < deadline) {
                while (inFlight.size() < WINDOW && !toSend.isEmpty() && client.isConnected()) {
                    int n = toSend.peek();
                    try {
                        inFlight.put(n, client.publish(topic + "/publisher", Integer.toString(n)
                                .getBytes(StandardCharsets.UTF_8), qos, false));
                        toSend.poll();
                    } catch (MqttException notConnected) {
                        break;
                    }
                }
                List<Integer> done = new ArrayList<>();
                for (Map.Entry<Integer, IMqttDeliveryToken> entry : inFlight.entrySet()) {
                    IMqttDeliveryToken token = entry.getValue();
                    if (token.isComplete()) {
                        done.add(entry.getKey());
                        if (token.getException() == null) {
                            acked.set(entry.getKey());
                        } else {
                            toSend.addFirst(entry.getKey()); // failed: send again
                        }
                    }
                }
                done.forEach(inFlight::remove);
                if (kills < KILL_AT.length && acked.cardinality() >= KILL_AT[kills]) {
                    broker.killAndRestart();
                    kills++;
                    System.out.printf("mqtt kill test %s: kill %d after %d acked%n", topic, kills,
                            acked.cardinality());
                }
                if (done.isEmpty()) {
                    waitBriefly(() -> inFlight.values().stream().anyMatch(IMqttDeliveryToken::isComplete)
                            || (inFlight.size() < WINDOW && client.isConnected() && !toSend.isEmpty()));
                }
            }
            assertThat(kills).as("kills done; %s", broker.describe()).isEqualTo(KILL_AT.length);
            assertThat(toSend).as("left to send; %s", broker.describe()).isEmpty();
            assertThat(inFlight).as("left in flight; %s", broker.describe()).isEmpty();
            client.disconnect().waitForCompletion(10_000);
            client.close();

            List<ConsumerRecord<String, String>> records = KafkaClients.readAll(broker.bootstrap(), topic,
                    Duration.ofSeconds(60));
            Map<Integer, Long> counts = records.stream().map(r -> Integer.parseInt(r.value()))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            return new Outcome(acked, counts);
        }
    }
}
