package io.freshet.mqtt;

import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code mqtt.max.connections}: one more is refused with a CONNACK the client's version understands. */
@Timeout(60)
class MqttConnectionLimitTest {

    private static final int LIMIT = 50;

    @TempDir
    Path dataDir;

    private MqttFixture fixture;
    private final List<RawMqttClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        fixture = MqttFixture.start(dataDir, new MqttConfig("127.0.0.1", 0, 1024 * 1024, LIMIT, 128, 128, 16, 3600,
            ""), Time.SYSTEM);
    }

    @AfterEach
    void stop() throws IOException {
        for (RawMqttClient client : clients) {
            client.close();
        }
        fixture.close();
    }

    @Test
    void shouldRefuseConnectionsBeyondTheLimitAndAcceptAgainOnceOneCloses() throws IOException {
        List<RawMqttClient> accepted = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < LIMIT + 10; i++) {
            RawMqttClient client = open();
            client.send(RawMqttClient.connect(4, "c" + i, true, 60, 0));
            RawMqttClient.Packet connack = client.read(RawMqttClient.CONNACK);
            if (connack.reasonCode() == 0) {
                accepted.add(client);
            } else {
                assertThat(connack.body()).as("3.1.1 0x03 Server unavailable").containsExactly(0x00, 0x03);
                assertThat(client.readUntilClosed(Duration.ofSeconds(10))).isEmpty();
                refused++;
            }
        }
        assertThat(accepted).hasSize(LIMIT);
        assertThat(refused).isEqualTo(10);

        try (RawMqttClient v5 = new RawMqttClient(fixture.mqttPort())) {
            v5.send(RawMqttClient.connect(5, "v5-over", true, 60, 0));
            assertThat(v5.readUntilClosed(Duration.ofSeconds(10))).singleElement()
                .satisfies(connack -> assertThat(connack.reasonCode()).as("0x97 Quota exceeded").isEqualTo(0x97));
        }

        for (RawMqttClient client : accepted) {
            client.send(RawMqttClient.pingreq());
            assertThat(client.read().type()).as("accepted connections still served").isEqualTo(RawMqttClient.PINGRESP);
        }

        accepted.get(0).send(RawMqttClient.disconnect());
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.server().openConnections() == LIMIT - 1);
        RawMqttClient late = open();
        late.send(RawMqttClient.connect(4, "late", true, 60, 0));
        assertThat(late.read(RawMqttClient.CONNACK).reasonCode()).isZero();
    }

    private RawMqttClient open() throws IOException {
        RawMqttClient client = new RawMqttClient(fixture.mqttPort());
        clients.add(client);
        return client;
    }
}
