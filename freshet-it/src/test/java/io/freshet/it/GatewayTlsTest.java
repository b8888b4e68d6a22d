package io.freshet.it;

import io.freshet.testkit.EmbeddedFreshet;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTTS and HTTPS as mosquitto_pub and curl see them: one server with {@code MQTT://} and {@code MQTTS://}
 * listeners and an {@code HTTPS://} one, TLS from inline PEM keys under {@code listener.name.mqtts.ssl.*} and
 * {@code listener.name.https.ssl.*} (a self-signed certificate for 127.0.0.1 that the clients are told to trust).
 */
class GatewayTlsTest {

    @TempDir
    static Path dir;
    private static EmbeddedFreshet freshet;
    private static Path caFile;

    @BeforeAll
    static void start() throws Exception {
        caFile = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
            caFile.toString(), "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        String chain = Files.readString(caFile);
        String privateKey = Files.readString(key);
        Map<String, String> props = new HashMap<>();
        props.put("mqtt.listeners", "MQTT://127.0.0.1:0,MQTTS://127.0.0.1:0");
        props.put("http.listeners", "HTTPS://127.0.0.1:0");
        props.put("sql.enabled", "false");
        for (String listener : List.of("mqtts", "https")) {
            props.put("listener.name." + listener + ".ssl.keystore.type", "PEM");
            props.put("listener.name." + listener + ".ssl.keystore.certificate.chain", chain);
            props.put("listener.name." + listener + ".ssl.keystore.key", privateKey);
        }
        freshet = EmbeddedFreshet.start(dir.resolve("data"), props);
    }

    @AfterAll
    static void stop() {
        if (freshet != null) {
            freshet.close();
        }
    }

    @Test
    void mosquittoPublishesOverMqtts() throws Exception {
        Result published = run(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
            Integer.toString(freshet.mqttsPort()), "--cafile", caFile.toString(), "-q", "1", "-t", "tls/dev1",
            "-m", "over-tls"));
        assertThat(published.exit()).as(published.output()).isZero();
        assertThat(freshet.broker().eventLog().endOffset(new TopicPartition("tls", 0))).isEqualTo(1);
        Result plain = run(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(freshet.mqttPort()),
            "-q", "1", "-t", "tls/dev2", "-m", "plain"));
        assertThat(plain.exit()).as(plain.output()).isZero(); // the plain listener runs beside it
        Result untrusted = run(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
            Integer.toString(freshet.mqttsPort()), "--capath", dir.toString(), "-q", "1", "-t", "tls/dev3", "-m", "x"));
        assertThat(untrusted.exit()).isNotZero(); // a client that does not trust the certificate gets nowhere
    }

    @Test
    void curlOverHttps() throws Exception {
        Result clusters = run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert",
            caFile.toString(), freshet.httpsUri() + "/v3/clusters"));
        assertThat(clusters.output()).isEqualTo("200");
        Result insecure = run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
            freshet.httpsUri() + "/v3/clusters"));
        assertThat(insecure.exit()).isNotZero(); // curl refuses the unknown certificate
    }

    record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }
}
