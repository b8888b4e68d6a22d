package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.testkit.EmbeddedFreshet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * KIP-368 with {@code connections.max.reauth.ms=1500}: the Java client re-authenticates on its own while it keeps
 * producing; a client that cannot re-authenticate (SaslAuthenticate v0) is disconnected at its first request after
 * the session ended; a re-authentication as somebody else is refused with Kafka's message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SaslReauthenticationTest {

    private static final long LIFETIME_MS = 1500;
    private EmbeddedFreshet broker;

    @BeforeAll
    void start() {
        broker = EmbeddedFreshet.start(Map.of(
                "listeners", "SASL_PLAINTEXT://127.0.0.1:0",
                "connections.max.reauth.ms", String.valueOf(LIFETIME_MS),
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", SaslClientsTest.PLAIN_MODULE
                        + " required username=\"admin\" password=\"admin-pw\" user_alice=\"alice-pw\""
                        + " user_admin=\"admin-pw\";"));
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void javaProducerReauthenticatesAcrossSeveralLifetimesAndLosesNothing() throws Exception {
        Map<String, Object> sasl = SaslClientsTest.clientProps("PLAIN", "alice", "alice-pw");
        Map<String, Object> producerProps = new HashMap<>(sasl);
        producerProps.put("linger.ms", 0);
        int sent = 0;
        double reauthentications = 0;
        try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers(),
                producerProps)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (reauthentications < 2 && System.nanoTime() < deadline) {
                producer.send(new ProducerRecord<>("reauth", "k", "v" + sent)).get(10, TimeUnit.SECONDS);
                sent++;
                reauthentications = metric(producer.metrics(), "successful-reauthentication-total");
            }
            assertThat(reauthentications).as("re-authentications after %d records", sent).isGreaterThanOrEqualTo(2);
            assertThat(metric(producer.metrics(), "failed-reauthentication-total")).isZero();
        }
        long consumed = 0;
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(broker.bootstrapServers(), sasl)) {
            TopicPartition tp = new TopicPartition("reauth", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (consumed < sent && System.nanoTime() < deadline) {
                consumed += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        assertThat(consumed).isEqualTo(sent);
    }

    @Test
    void aClientThatCannotReauthenticateIsClosedAfterItsSession() throws Exception {
        try (RawKafkaConnection raw = RawKafkaConnection.open(broker.port())) {
            SaslHandshakeResponseData handshake = raw.send(new SaslHandshakeRequestData().setMechanism("PLAIN"),
                    (short) 1);
            assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
            long authenticated = System.nanoTime();
            SaslAuthenticateResponseData auth = raw.send(new SaslAuthenticateRequestData()
                    .setAuthBytes(plain("alice", "alice-pw")), (short) 0);
            assertThat(auth.errorCode()).isEqualTo(Errors.NONE.code());
            boolean closed = false;
            int answered = 0;
            while (!closed && System.nanoTime() - authenticated < TimeUnit.SECONDS.toNanos(10)) {
                try {
                    MetadataResponseData metadata = raw.send(new MetadataRequestData().setTopics(List.of()),
                            (short) 12);
                    assertThat(metadata.brokers()).isNotEmpty();
                    answered++;
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // poll pace
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
            long sessionMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - authenticated);
            assertThat(closed).as("closed after %d answered requests", answered).isTrue();
            assertThat(sessionMs).isGreaterThanOrEqualTo(LIFETIME_MS);
            assertThat(answered).isPositive();
        }
    }

    @Test
    void reauthenticationAsAnotherUserIsRefused() throws Exception {
        try (RawKafkaConnection raw = RawKafkaConnection.open(broker.port())) {
            raw.send(new SaslHandshakeRequestData().setMechanism("PLAIN"), (short) 1);
            SaslAuthenticateResponseData first = raw.send(new SaslAuthenticateRequestData()
                    .setAuthBytes(plain("alice", "alice-pw")), (short) 2);
            assertThat(first.sessionLifetimeMs()).isEqualTo(LIFETIME_MS);
            SaslHandshakeResponseData again = raw.send(new SaslHandshakeRequestData().setMechanism("PLAIN"),
                    (short) 1);
            assertThat(again.errorCode()).isEqualTo(Errors.NONE.code());
            SaslAuthenticateResponseData other = raw.send(new SaslAuthenticateRequestData()
                    .setAuthBytes(plain("admin", "admin-pw")), (short) 2);
            assertThat(other.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
            assertThat(other.errorMessage())
                    .isEqualTo("Cannot change principals during re-authentication from User.alice: User.admin");
            assertThat(raw.isClosedByPeer()).isTrue();
        }
    }

    private static byte[] plain(String user, String password) {
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    private static double metric(Map<org.apache.kafka.common.MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElse(0);
    }
}
