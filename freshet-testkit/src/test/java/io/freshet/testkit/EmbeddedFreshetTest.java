package io.freshet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EmbeddedFreshetTest {

    @Test
    void shouldKeepDataAndPortAcrossARestart() throws Exception {
        try (EmbeddedFreshet freshet = EmbeddedFreshet.start()) {
            Records.produce(freshet.bootstrapServers(), "restart", 0, 100);
            int port = freshet.port();

            freshet.restart();

            assertThat(freshet.port()).isEqualTo(port);
            assertThat(freshet.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(Records.readAll(freshet.bootstrapServers(), "restart")).hasSize(101)
                    .startsWith("value-0", "value-1").endsWith("value-99", "value-last");
        }
    }

    @Test
    void shouldDeleteItsTemporaryDirectoryOnClose() {
        EmbeddedFreshet freshet = EmbeddedFreshet.start();
        Path dataDir = freshet.dataDir();

        freshet.close();

        assertThat(dataDir).doesNotExist();
        assertThat(freshet.isRunning()).isFalse();
    }

    @Test
    void shouldKeepTheDataDirectoryWhenAsked() {
        EmbeddedFreshet freshet = EmbeddedFreshet.start();
        freshet.keepDataDir();

        freshet.close();

        assertThat(freshet.dataDir()).isDirectory();
        EmbeddedFreshet.deleteRecursively(freshet.dataDir());
    }

    @Test
    void shouldNeverDeleteADirectoryTheCallerGave(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("data");

        try (EmbeddedFreshet freshet = EmbeddedFreshet.start(dataDir, Map.of("num.partitions", "2"))) {
            Records.produce(freshet.bootstrapServers(), "kept", 0, 10);
        }

        assertThat(dataDir).isDirectory();
        try (var files = Files.list(dataDir)) {
            assertThat(files).isNotEmpty();
        }
    }

    @Test
    void shouldServeHttpOnAFreePortThatARestartKeeps() throws Exception {
        try (EmbeddedFreshet freshet = EmbeddedFreshet.start()) {
            int port = freshet.httpPort();
            assertThat(clusters(freshet)).contains("\"cluster_id\":\"" + freshet.clusterId() + "\"");
            freshet.restart();
            assertThat(freshet.httpPort()).isEqualTo(port);
            assertThat(clusters(freshet)).contains(freshet.clusterId());
        }
        try (EmbeddedFreshet freshet = EmbeddedFreshet.start(Map.of("http.listeners", "HTTP://127.0.0.1:-1"))) {
            assertThat(freshet.httpPort()).isEqualTo(-1);
            assertThatThrownBy(freshet::httpUri).isInstanceOf(IllegalStateException.class);
        }
    }

    private static String clusters(EmbeddedFreshet freshet) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(freshet.httpUri() + "/v3/clusters")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void shouldRunWithoutAnMqttListenerWhenItsPortIsMinusOne() {
        try (EmbeddedFreshet freshet = EmbeddedFreshet.start(Map.of("mqtt.listeners", "MQTT://127.0.0.1:-1"))) {
            assertThat(freshet.mqttPort()).isEqualTo(-1);
            assertThatThrownBy(freshet::mqttUri).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no MQTT listener");
            freshet.restart();
            assertThat(freshet.mqttPort()).isEqualTo(-1);
        }
    }
}
