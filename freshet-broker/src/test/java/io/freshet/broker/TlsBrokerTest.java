package io.freshet.broker;

import io.freshet.security.testing.TestCertificates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker with a PLAINTEXT, an SSL (PKCS12 keystore) and a PEM-keyed SSL listener side by side, used by the Java
 * client and kcat: produce and consume over TLS with PKCS12 and PEM client stores, a consume of several MB over
 * several segments through the TLS copy path, and Metadata / FindCoordinator telling each client the port of the
 * listener it came in on. One broker for the class.
 */
@Timeout(90)
class TlsBrokerTest {

    private static final TestCertificates CERTS = TestCertificates.shared();

    @TempDir
    static Path dataDir;
    private static FreshetBroker broker;

    @BeforeAll
    static void start() {
        Map<String, String> props = new HashMap<>(CERTS.serverProperties("listener.name.ssl."));
        props.putAll(CERTS.serverPemProperties("listener.name.pem."));
        props.put("listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0,PEM://127.0.0.1:0");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SSL:SSL,PEM:SSL");
        props.put("inter.broker.listener.name", "PLAINTEXT"); // accepted, no effect
        props.put("log.dirs", dataDir.toString());
        props.put("log.segment.bytes", Integer.toString(1024 * 1024));
        broker = FreshetBroker.start(BrokerConfig.fromProperties(props));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void javaClientProducesOverPkcs12AndConsumesOverPemWithEveryRecordIntact() throws Exception {
        String topic = "tls-small";
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            values.add(("value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        produce(bootstrap("SSL", CERTS.clientProperties(null)), topic, values);
        List<byte[]> read = consume(bootstrap("PEM", CERTS.clientPemProperties(null)), topic, values.size());
        assertThat(read).extracting(v -> new String(v, StandardCharsets.UTF_8))
            .containsExactlyElementsOf(values.stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList());
    }

    @Test
    void aConsumeOfSeveralMegabytesOverSeveralSegmentsArrivesIntactOverTls() throws Exception {
        String topic = "tls-large";
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            byte[] v = new byte[10_000];
            for (int j = 0; j < v.length; j++) {
                v[j] = (byte) (i * 7 + j * 13);
            }
            values.add(v);
        }
        produce(bootstrap("PLAINTEXT", Map.of()), topic, values);
        assertThat(Files.list(dataDir.resolve(topic + "-0")).filter(p -> p.toString().endsWith(".log")).count())
            .as("segments of ~1 MB").isGreaterThanOrEqualTo(5);
        Map<String, Object> props = bootstrap("SSL", CERTS.clientProperties(null));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        List<byte[]> read = consume(props, topic, values.size());
        assertThat(read).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(crc(read.get(i))).as("record %d", i).isEqualTo(crc(values.get(i)));
        }
    }

    @Test
    void metadataAndFindCoordinatorTellEachClientThePortOfItsOwnListener() throws Exception {
        int plain = broker.boundPort("PLAINTEXT");
        int ssl = broker.boundPort("ssl");
        assertThat(broker.boundPort()).isEqualTo(plain);
        assertThat(ssl).isNotEqualTo(plain);
        try (Admin admin = Admin.create(bootstrap("PLAINTEXT", Map.of()))) {
            admin.createTopics(Set.of(new NewTopic("tls-coordinator", 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }
        for (var listener : List.of(Map.entry("PLAINTEXT", Map.<String, Object>of()),
            Map.entry("SSL", CERTS.clientProperties(null)), Map.entry("PEM", CERTS.clientPemProperties(null)))) {
            int port = broker.boundPort(listener.getKey());
            try (Admin admin = Admin.create(bootstrap(listener.getKey(), listener.getValue()))) {
                assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .singleElement().satisfies(n -> assertThat(n.port()).isEqualTo(port));
                String groupId = "g-" + listener.getKey();
                // the offsets are written through the coordinator FindCoordinator named: unreachable if it were
                // another listener's port
                admin.alterConsumerGroupOffsets(groupId, Map.of(new TopicPartition("tls-coordinator", 0),
                    new OffsetAndMetadata(0))).all().get(10, TimeUnit.SECONDS);
                var group = admin.describeConsumerGroups(List.of(groupId)).all()
                    .get(10, TimeUnit.SECONDS).values().iterator().next();
                assertThat(group.coordinator().port()).as("FindCoordinator on " + listener.getKey()).isEqualTo(port);
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get(10, TimeUnit.SECONDS).values().iterator().next();
                assertThat(config.get("listeners").value()).isEqualTo("PLAINTEXT://127.0.0.1:" + plain
                    + ",SSL://127.0.0.1:" + ssl + ",PEM://127.0.0.1:" + broker.boundPort("PEM"));
            }
        }
    }

    @Test
    void kcatProducesAndConsumesOverSsl() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")),
            "kcat is missing: run scripts/install-test-deps.sh");
        String topic = "tls-kcat";
        String bootstrap = "127.0.0.1:" + broker.boundPort("SSL");
        List<String> ssl = List.of("-X", "security.protocol=ssl", "-X", "ssl.ca.location=" + CERTS.caPem());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("line-" + i);
        }
        List<String> produce = new ArrayList<>(List.of("/usr/bin/kcat", "-b", bootstrap, "-P", "-t", topic));
        produce.addAll(ssl);
        assertThat(run(produce, String.join("\n", lines) + "\n")).isEmpty();
        List<String> consume = new ArrayList<>(List.of("/usr/bin/kcat", "-b", bootstrap, "-C", "-t", topic, "-o",
            "beginning", "-e", "-q"));
        consume.addAll(ssl);
        assertThat(run(consume, "").lines().toList()).containsExactlyElementsOf(lines);
    }

    private static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("exit of %s; stderr: %s", command, err).isZero();
        return out;
    }

    private static Map<String, Object> bootstrap(String listener, Map<String, Object> tls) {
        Map<String, Object> props = new HashMap<>(tls);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort(listener));
        return props;
    }

    private static void produce(Map<String, Object> props, String topic, List<byte[]> values) throws Exception {
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }
        Map<String, Object> p = new HashMap<>(props);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
            new ByteArraySerializer())) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, v));
            }
            producer.flush();
        }
    }

    private static List<byte[]> consume(Map<String, Object> props, String topic, int count) {
        List<byte[]> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.currentTimeMillis() + 30_000;
            while (read.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(r.offset()).isEqualTo(read.size());
                    read.add(r.value());
                }
            }
        }
        return read;
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }
}
