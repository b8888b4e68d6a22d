package io.freshet.it;

import io.freshet.testkit.FreshetExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's mosquitto_pub / mosquitto_sub (2.0, MQTT 3.1.1 and 5) against Freshet's MQTT listener, with the official
 * Kafka Java client on the other side of the same topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MqttCommandLineClientsTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass().withProperty("num.partitions", "3");

    private FreshetExtension broker; // the embedded Freshet, or a gateway in front of -Dfreshet.it.bootstrap

    @BeforeAll
    void useBroker() {
        MqttCli.requireInstalled();
        broker = freshet;
    }

    private List<String> connection(String version) {
        return List.of("-h", "127.0.0.1", "-p", Integer.toString(broker.mqttPort()), "-V", version);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void mosquittoPubShouldLandInKafkaWithTopicKeyValueAndHeaders(int qos) throws Exception {
        String topic = "cli-sensors-q" + qos;
        List<String> command = new ArrayList<>(List.of(MqttCli.PUB));
        command.addAll(connection("mqttv5"));
        command.addAll(List.of("-q", Integer.toString(qos), "-t", topic + "/dev42/temp", "-m", "21.5",
                "-D", "publish", "user-property", "unit", "celsius",
                "-D", "publish", "content-type", "text/plain"));
        MqttCli.Result published = MqttCli.run(command, Duration.ofSeconds(30));
        assertThat(published.exit()).as("mosquitto_pub exit code; stderr: %s", published.stderr()).isZero();

        List<ConsumerRecord<String, String>> read = awaitRecords(topic, 1); // QoS 0: nothing acknowledges it
        assertThat(read).hasSize(1);
        ConsumerRecord<String, String> record = read.get(0);
        assertThat(record.key()).isEqualTo("dev42/temp");
        assertThat(record.value()).isEqualTo("21.5");
        assertThat(header(record, "unit")).isEqualTo("celsius");
        assertThat(header(record, "mqtt.qos")).isEqualTo(Integer.toString(qos));
        assertThat(header(record, "mqtt.content_type")).isEqualTo("text/plain");
    }

    @Test
    void mosquittoPubOfManyLinesShouldKeepTheirOrderUnderOneKey() throws Exception {
        String topic = "cli-lines";
        List<String> lines = IntStream.range(0, 500).mapToObj(i -> "reading-" + i).toList();
        Path input = java.nio.file.Files.createTempFile("mqtt-lines-", ".txt");
        java.nio.file.Files.writeString(input, String.join("\n", lines) + "\n");
        List<String> command = new ArrayList<>(List.of(MqttCli.PUB));
        command.addAll(connection("mqttv311"));
        command.addAll(List.of("-q", "1", "-t", topic + "/meter-7", "-l")); // -l: one message per stdin line
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(input.toFile());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("mosquitto_pub -l ended").isTrue();
        assertThat(process.exitValue()).as("mosquitto_pub exit code: %s",
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        List<ConsumerRecord<String, String>> read = KafkaClients.readAll(broker.bootstrapServers(), topic,
                Duration.ofSeconds(30));
        assertThat(read).extracting(ConsumerRecord::key).containsOnly("meter-7");
        assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(lines);
        assertThat(read).extracting(ConsumerRecord::partition).containsOnly(read.get(0).partition());
    }

    @Test
    void mosquittoSubWithWildcardsShouldReceiveWhatAKafkaProducerWrote() throws Exception {
        String topic = "cli-alerts";
        List<String> command = new ArrayList<>(List.of(MqttCli.SUB));
        command.addAll(connection("mqttv311"));
        command.addAll(List.of("-d", "-q", "1", "-v", "-t", topic + "/+/high"));
        try (MqttCli.Running sub = new MqttCli.Running(command)) {
            Awaitility.await("mosquitto_sub subscribed").atMost(Duration.ofSeconds(20))
                    .until(() -> sub.saw("received SUBACK"));
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
                for (int i = 0; i < 30; i++) {
                    producer.send(new ProducerRecord<>(topic, "dev" + (i % 3) + (i % 2 == 0 ? "/high" : "/low"),
                            "alert-" + i)).get();
                }
                producer.send(new ProducerRecord<>(topic, null, "no key: topic " + topic)).get();
            }
            List<String> expected = IntStream.range(0, 30).filter(i -> i % 2 == 0)
                    .mapToObj(i -> topic + "/dev" + (i % 3) + "/high alert-" + i).toList();
            Awaitility.await("15 alerts delivered").atMost(Duration.ofSeconds(30))
                    .until(() -> sub.messages().size() >= expected.size());
            assertThat(sub.messages()).containsExactlyInAnyOrderElementsOf(expected);
            // per key (= MQTT topic) the order is the order of the log
            Map<String, List<String>> byTopic = sub.messages().stream()
                    .collect(Collectors.groupingBy(l -> l.substring(0, l.indexOf(' '))));
            byTopic.forEach((mqttTopic, got) -> assertThat(got).isEqualTo(expected.stream()
                    .filter(l -> l.startsWith(mqttTopic + " ")).toList()));
        }
    }

    @Test
    void aRecordWithoutKeyShouldReachSubscribersOfTheBareTopic() throws Exception {
        String topic = "cli-bare";
        List<String> command = new ArrayList<>(List.of(MqttCli.SUB));
        command.addAll(connection("mqttv5"));
        command.addAll(List.of("-d", "-q", "2", "-v", "-t", topic));
        try (MqttCli.Running sub = new MqttCli.Running(command)) {
            Awaitility.await("mosquitto_sub subscribed").atMost(Duration.ofSeconds(20))
                    .until(() -> sub.saw("received SUBACK"));
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
                producer.send(new ProducerRecord<>(topic, null, "unkeyed")).get();
                producer.send(new ProducerRecord<>(topic, "some/key", "keyed: not for this filter")).get();
            }
            Awaitility.await("delivered").atMost(Duration.ofSeconds(30)).until(() -> !sub.messages().isEmpty());
            assertThat(sub.messages()).containsExactly(topic + " unkeyed");
        }
    }

    @Test
    void aWillShouldBePublishedWhenTheClientIsKilled() throws Exception {
        String topic = "cli-status";
        List<String> command = new ArrayList<>(List.of(MqttCli.SUB));
        command.addAll(connection("mqttv311"));
        command.addAll(List.of("-d", "-q", "1", "-t", topic + "/ignored", "-k", "30",
                "--will-topic", topic + "/dev7", "--will-payload", "offline", "--will-qos", "1"));
        MqttCli.Running sub = new MqttCli.Running(command);
        Awaitility.await("mosquitto_sub connected").atMost(Duration.ofSeconds(20))
                .until(() -> sub.saw("received SUBACK"));
        sub.kill(); // SIGKILL: the socket closes without DISCONNECT

        List<ConsumerRecord<String, String>> read = awaitRecords(topic, 1); // the will comes after the close
        assertThat(read).extracting(r -> r.key() + "=" + r.value()).containsExactly("dev7=offline");
        assertThat(header(read.get(0), "mqtt.qos")).isEqualTo("1");
    }

    @Test
    void aPublishToAnInvalidKafkaTopicShouldBeRefusedWithTopicNameInvalid() throws Exception {
        List<String> command = new ArrayList<>(List.of(MqttCli.PUB));
        command.addAll(connection("mqttv5"));
        command.addAll(List.of("-d", "-q", "1", "-t", "bad topic!/x", "-m", "m"));
        MqttCli.Result published = MqttCli.run(command, Duration.ofSeconds(30));
        // mosquitto_pub prints the PUBACK's reason code with -d
        assertThat(published.stdout() + published.stderr()).containsIgnoringCase("PUBACK").contains("144");
        // and the listener still serves others
        List<String> good = new ArrayList<>(List.of(MqttCli.PUB));
        good.addAll(connection("mqttv5"));
        good.addAll(List.of("-q", "1", "-t", "cli-after-bad/k", "-m", "fine"));
        assertThat(MqttCli.run(good, Duration.ofSeconds(30)).exit()).isZero();
        assertThat(KafkaClients.readAll(broker.bootstrapServers(), "cli-after-bad", Duration.ofSeconds(30)))
                .extracting(ConsumerRecord::value).containsExactly("fine");
    }

    /**
     * What {@code topic} holds once it holds {@code count} records: for what no acknowledgement tells the test it
     * was written (QoS 0, a will), which a gateway in front of a cluster writes a little later than Freshet does.
     */
    private List<ConsumerRecord<String, String>> awaitRecords(String topic, int count) {
        java.util.concurrent.atomic.AtomicReference<List<ConsumerRecord<String, String>>> read =
                new java.util.concurrent.atomic.AtomicReference<>(List.of());
        Awaitility.await(topic + " holds " + count + " record(s)").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> {
                    read.set(KafkaClients.readAll(broker.bootstrapServers(), topic, Duration.ofSeconds(10)));
                    return read.get().size() >= count;
                });
        return read.get();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
