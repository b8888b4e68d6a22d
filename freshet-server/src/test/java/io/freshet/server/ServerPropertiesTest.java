package io.freshet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerPropertiesTest {

    @Test
    void shouldUseDefaultsWhenNothingIsGiven() {
        Map<String, String> merged = ServerProperties.merge(Map.of(), Map.of(), null, null, null, null);

        assertThat(merged).containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092").containsEntry("log.dirs", "./data");
    }

    @Test
    void shouldKeepFileValuesThatNoFlagOverrides() {
        Map<String, String> file = Map.of("listeners", "PLAINTEXT://0.0.0.0:9500", "log.dirs", "/var/freshet");

        Map<String, String> merged = ServerProperties.merge(file, Map.of(), null, null, null, null);

        assertThat(merged).containsEntry("listeners", "PLAINTEXT://0.0.0.0:9500").containsEntry("log.dirs", "/var/freshet");
    }

    @Test
    void shouldOverrideOnlyThePortOfTheFilesListener() {
        Map<String, String> merged = ServerProperties.merge(
                Map.of("listeners", "PLAINTEXT://0.0.0.0:9500"), Map.of(), null, 9600, null, null);

        assertThat(merged).containsEntry("listeners", "PLAINTEXT://0.0.0.0:9600");
    }

    @Test
    void shouldLetSetOverrideTheFileAndFlagsOverrideSet() {
        Map<String, String> merged = ServerProperties.merge(
                Map.of("num.partitions", "3", "log.dirs", "/from-file"),
                Map.of("num.partitions", "5", "log.dirs", "/from-set"), "localhost", null, null, "/from-flag");

        assertThat(merged).containsEntry("num.partitions", "5").containsEntry("log.dirs", "/from-flag")
                .containsEntry("listeners", "PLAINTEXT://localhost:9092");
    }

    @Test
    void shouldBuildTheListenerFromKafkasOldHostAndPortKeys() {
        Map<String, String> merged = ServerProperties.merge(Map.of("port", "9700"), Map.of(), "0.0.0.0", null, null,
                null);

        assertThat(merged).containsEntry("listeners", "PLAINTEXT://0.0.0.0:9700");
    }

    @Test
    void shouldTakeLogDirWhenLogDirsIsAbsent() {
        Map<String, String> merged = ServerProperties.merge(Map.of("log.dir", "/single"), Map.of(), null, null, null, null);

        assertThat(merged).containsEntry("log.dirs", "/single");
    }

    @Test
    void shouldRejectAPortFlagOnAListenerItCannotParse() {
        assertThatThrownBy(() -> ServerProperties.merge(
                Map.of("listeners", "PLAINTEXT:/a:1"), Map.of(), null, 9092, null, null))
                .isInstanceOf(InvalidServerConfigException.class)
                .hasMessageContaining("listeners");
    }

    @Test
    void shouldSetTheFirstListenersPortAndEveryListenersHost() {
        Map<String, String> file = Map.of("listeners", "PLAINTEXT://a:1,SSL://b:2");
        assertThat(ServerProperties.merge(file, Map.of(), null, 9092, null, null))
                .containsEntry("listeners", "PLAINTEXT://a:9092,SSL://b:2");
        assertThat(ServerProperties.merge(file, Map.of(), "10.0.0.5", null, null, null))
                .containsEntry("listeners", "PLAINTEXT://10.0.0.5:1,SSL://10.0.0.5:2");
    }

    @Test
    void shouldLeaveTheMqttListenerToItsDefaultWithoutFlags() {
        Map<String, String> merged = ServerProperties.merge(Map.of(), Map.of(), null, null, null, null);

        assertThat(merged).doesNotContainKey("mqtt.listeners");
    }

    @Test
    void shouldSetTheMqttListenerFromTheMqttPortFlagOnLoopbackOrTheHostFlag() {
        assertThat(ServerProperties.merge(Map.of(), Map.of(), null, null, 0, null))
                .containsEntry("mqtt.listeners", "MQTT://127.0.0.1:0");
        assertThat(ServerProperties.merge(Map.of(), Map.of(), "10.0.0.5", null, -1, null))
                .containsEntry("mqtt.listeners", "MQTT://10.0.0.5:-1");
        assertThat(ServerProperties.merge(Map.of(), Map.of(), "10.0.0.5", 9500, null, null))
                .containsEntry("listeners", "PLAINTEXT://10.0.0.5:9500")
                .containsEntry("mqtt.listeners", "MQTT://10.0.0.5:1883");
    }

    @Test
    void shouldSetTheHttpListenerFromTheHttpPortFlagKeepingTheConfiguredHost() {
        assertThat(ServerProperties.merge(Map.of(), Map.of(), null, null, null, 0, null))
                .containsEntry("http.listeners", "HTTP://127.0.0.1:0");
        assertThat(ServerProperties.merge(Map.of(), Map.of(), "10.0.0.5", null, null, null, null))
                .containsEntry("http.listeners", "HTTP://10.0.0.5:8082");
        assertThat(ServerProperties.merge(Map.of("http.listeners", "HTTP://0.0.0.0:8082"), Map.of(), null, null, null,
                -1, null)).containsEntry("http.listeners", "HTTP://0.0.0.0:-1");
        assertThat(ServerProperties.merge(Map.of(), Map.of(), null, null, null, null, null))
                .doesNotContainKey("http.listeners");
    }

    @Test
    void shouldOverrideOnlyThePortOfTheConfiguredMqttListener() {
        Map<String, String> file = Map.of("mqtt.listeners", "MQTT://0.0.0.0:1883");

        assertThat(ServerProperties.merge(file, Map.of(), null, null, 2883, null))
                .containsEntry("mqtt.listeners", "MQTT://0.0.0.0:2883");
        assertThat(ServerProperties.merge(file, Map.of(), null, null, null, null))
                .containsEntry("mqtt.listeners", "MQTT://0.0.0.0:1883");
        assertThat(ServerProperties.merge(Map.of(), Map.of("mqtt.listeners", "MQTT://127.0.0.1:1999"), null, null,
                null, null)).containsEntry("mqtt.listeners", "MQTT://127.0.0.1:1999");
    }

    @Test
    void shouldRejectAnMqttPortFlagOnAListenerItCannotParse() {
        assertThatThrownBy(() -> ServerProperties.merge(Map.of("mqtt.listeners", "1883"), Map.of(), null, null, 0,
                null))
                .isInstanceOf(InvalidServerConfigException.class)
                .hasMessageContaining("mqtt.listeners=1883").hasMessageContaining("--mqtt-port");
    }
}
