package io.freshet.http.v3;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.http.HttpBackends;
import io.freshet.http.HttpConfig;
import io.freshet.http.HttpServer;
import io.freshet.http.json.Json;
import io.freshet.storage.file.FaultyStorageIo;
import io.freshet.storage.file.FaultyStorageIo.Errno;
import io.freshet.storage.file.FaultyStorageIo.Op;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A delivery report says 200 only for a record that was fsynced: a failing fsync makes every report an error. */
@Timeout(60)
class V3ProduceDurabilityTest {

    @TempDir
    Path dataDir;
    private final FaultyStorageIo io = new FaultyStorageIo();
    private FreshetBroker broker;
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private String records;

    @BeforeEach
    void start() throws Exception {
        // No Kafka fetch reads these logs, so wrapping every file is safe (see FaultyStorageIo's note on sendfile).
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs",
            dataDir.toString())), io);
        server = HttpServer.start(HttpConfig.defaults().withPort(0), HttpBackends.of(broker.eventLog()));
        broker.eventLog().createTopic("durable", 1, Map.of()).get();
        records = "http://127.0.0.1:" + server.boundPort() + "/v3/clusters/" + broker.clusterId()
            + "/topics/durable/records";
    }

    @AfterEach
    void stop() {
        io.disarmAll(); // the broker closes without logging fsync errors
        server.close();
        broker.close();
    }

    @Test
    void shouldNeverReport200ForARecordWhoseFsyncFailed() throws Exception {
        HttpResponse<String> before = post("{\"value\":{\"data\":\"synced\"}}");
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);

        FaultyStorageIo.Fault fsync = io.inject(Op.FORCE, FaultyStorageIo.suffix(".log"), Errno.EIO);
        HttpResponse<String> single = post("{\"value\":{\"data\":\"lost\"}}");
        HttpResponse<String> stream = post("{\"value\":{\"data\":\"a\"}}\n{\"value\":{\"data\":\"b\"}}");

        assertThat(fsync.hits()).isPositive();
        assertThat(single.statusCode()).as(single.body()).isEqualTo(500);
        assertThat(Json.MAPPER.readTree(single.body()).path("error_code").asInt()).isEqualTo(50003);
        assertThat(stream.statusCode()).isEqualTo(200);
        for (String line : stream.body().split("\n")) {
            JsonNode report = Json.MAPPER.readTree(line);
            assertThat(report.path("error_code").asInt()).as(line).isEqualTo(50003);
            assertThat(report.has("offset")).isFalse();
        }
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(records)).timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
