package io.freshet.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener itself: routing, errors, keep-alive and pipelining, on the real broker. */
class HttpListenerTest {

    @TempDir
    Path dataDir;
    private HttpFixture http;

    @BeforeEach
    void start() {
        http = HttpFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void clustersNamesThisNodesClusterId() throws Exception {
        HttpResponse<String> response = http.get("/v3/clusters");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertThat(body.path("kind").asText()).isEqualTo("KafkaClusterList");
        assertThat(body.path("data").get(0).path("cluster_id").asText()).isEqualTo(http.clusterId());
        assertThat(http.get("/v3/clusters/" + http.clusterId()).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownClusterPathAndMethodGetConfluentErrorBodies() throws Exception {
        HttpResponse<String> unknownCluster = http.get("/v3/clusters/nope");
        HttpResponse<String> unknownPath = http.get("/nowhere");
        HttpResponse<String> wrongMethod = http.send("DELETE", "/v3/clusters", null, null);

        assertThat(unknownCluster.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknownCluster.body()).path("error_code").asInt()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknownCluster.body()).path("message").asText()).contains("nope");
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(Json.MAPPER.readTree(wrongMethod.body()).path("error_code").asInt()).isEqualTo(405);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        String request = "GET /v3/clusters/" + http.clusterId() + " HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /v3/clusters HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", http.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answers = readAll(socket.getInputStream());

            int first = answers.indexOf("HTTP/1.1 200");
            int second = answers.indexOf("HTTP/1.1 404");
            int third = answers.indexOf("HTTP/1.1 200", second);
            assertThat(first).isGreaterThanOrEqualTo(0);
            assertThat(second).isGreaterThan(first);
            assertThat(third).isGreaterThan(second);
            assertThat(answers).contains("KafkaClusterList");
        }
    }

    @Test
    void malformedRequestLineIsA400AndTheListenerCarriesOn() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", http.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("\"error_code\":400");
        }
        assertThat(http.get("/v3/clusters").statusCode()).isEqualTo(200);
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
