package io.freshet.it.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.freshet.testkit.EmbeddedFreshet;
import io.freshet.testkit.FreshetOnly;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ksqlDB's REST API on Freshet's HTTP listener, with the JDK's HTTP client (HTTP/1.1) against a broker that runs
 * the SQL engine: {@code POST /ksql} answers one entity per statement in ksqlDB's shapes and errors as ksqlDB's
 * {@code statement_error}; {@code POST /query-stream} streams a header then one JSON array per row, ends at the
 * LIMIT, and stops the query when the client disconnects.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@FreshetOnly("ksqlDB's REST API on Freshet's HTTP listener")
class KsqlHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedFreshet freshet;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        freshet = EmbeddedFreshet.start();
    }

    @AfterAll
    static void stop() {
        freshet.close();
    }

    @Test
    void statementsAnswerOneKsqlDbEntityEach() throws Exception {
        HttpResponse<String> response = post("/ksql", ksql("""
            CREATE STREAM r1 (device VARCHAR KEY, temp DOUBLE) WITH (KAFKA_TOPIC='r1', VALUE_FORMAT='JSON', PARTITIONS=2);
            CREATE STREAM hot1 AS SELECT device, temp FROM r1 WHERE temp > 80 EMIT CHANGES;
            SHOW STREAMS;
            SHOW QUERIES;
            DESCRIBE hot1;
            SHOW TOPICS;
            SHOW PROPERTIES;
            """, Map.of("ksql.streams.auto.offset.reset", "earliest")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode entities = JSON.readTree(response.body());
        assertThat(types(entities)).containsExactly("currentStatus", "currentStatus", "streams", "queries",
            "sourceDescription", "kafka_topics", "properties");
        JsonNode created = entities.get(1);
        String queryId = created.path("commandStatus").path("queryId").asText();
        assertThat(queryId).matches("CSAS_HOT1_\\d+");
        assertThat(created.path("commandStatus").path("status").asText()).isEqualTo("SUCCESS");
        assertThat(created.path("commandId").asText()).isEqualTo("stream/HOT1/create");
        assertThat(created.path("statementText").asText()).startsWith("CREATE STREAM hot1 AS SELECT");

        assertThat(names(entities.get(2).path("streams"), "name")).contains("R1", "HOT1");
        JsonNode hot1 = find(entities.get(2).path("streams"), "name", "HOT1");
        assertThat(hot1.path("topic").asText()).isEqualTo("HOT1");
        assertThat(hot1.path("valueFormat").asText()).isEqualTo("JSON");
        assertThat(names(entities.get(3).path("queries"), "id")).contains(queryId);

        JsonNode description = entities.get(4).path("sourceDescription");
        assertThat(description.path("name").asText()).isEqualTo("HOT1");
        assertThat(description.path("type").asText()).isEqualTo("STREAM");
        assertThat(names(description.path("fields"), "name")).containsExactly("DEVICE", "TEMP");
        assertThat(description.path("fields").get(0).path("type").asText()).isEqualTo("KEY");
        assertThat(description.path("fields").get(1).path("schema").path("type").asText()).isEqualTo("DOUBLE");
        assertThat(names(description.path("writeQueries"), "id")).containsExactly(queryId);

        assertThat(names(entities.get(5).path("topics"), "name")).contains("r1", "HOT1");
        assertThat(find(entities.get(5).path("topics"), "name", "r1").path("replicaInfo")).hasSize(2);
        assertThat(find(entities.get(6).path("properties"), "name", "auto.offset.reset").path("value").asText())
            .isEqualTo("earliest");
    }

    @Test
    void aBadStatementIsAStatementErrorNamingLineAndColumn() throws Exception {
        HttpResponse<String> response = post("/ksql", ksql(
            "SHOW STREAMS;\nCREATE STREAM x (a INT) WITH (KAFKA_TOPIC='x' VALUE_FORMAT='JSON');", Map.of()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("@type").asText()).isEqualTo("statement_error");
        assertThat(error.path("error_code").asInt()).isEqualTo(40001);
        assertThat(error.path("message").asText()).matches("(?s)line 2, column \\d+: .+");
        assertThat(error.path("statementText").asText()).contains("CREATE STREAM x");
    }

    @Test
    void aBodyThatIsNotARequestIsA400AndTheListenerGoesOn() throws Exception {
        for (String body : new String[] {"{not json", "[1, 2]", "{\"statements\": \"SHOW STREAMS;\"}"}) {
            HttpResponse<String> response = post("/ksql", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("message").asText()).as(body).isNotBlank();
        }
        HttpResponse<String> response = post("/query-stream", "{\"sql\": ");
        assertThat(response.statusCode()).isEqualTo(400);

        assertThat(post("/ksql", ksql("SHOW STREAMS;", Map.of())).statusCode()).isEqualTo(200);
    }

    @Test
    void aFailingStatementReturnsTheEntitiesOfThoseBeforeIt() throws Exception {
        HttpResponse<String> response = post("/ksql", ksql("SHOW STREAMS;\nDESCRIBE no_such_stream;", Map.of()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("error_code").asInt()).isEqualTo(40001);
        assertThat(error.path("message").asText()).contains("NO_SUCH_STREAM");
        assertThat(error.path("statementText").asText()).isEqualTo("DESCRIBE no_such_stream");
        assertThat(types(error.path("entities"))).containsExactly("streams");
    }

    @Test
    void aSelectOnTheKsqlEndpointIsSentToQueryStream() throws Exception {
        HttpResponse<String> response = post("/ksql", ksql("SELECT * FROM r1 EMIT CHANGES;", Map.of()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("error_code").asInt()).isEqualTo(40002);
        assertThat(error.path("message").asText()).contains("/query-stream");
    }

    @Test
    void aPushQueryStreamsAHeaderThenOneArrayPerRowUntilItsLimit() throws Exception {
        createStreamWithReadings("r2", 5);

        HttpResponse<String> response = post("/query-stream", querySql(
            "SELECT device, temp FROM r2 WHERE temp > 1 EMIT CHANGES LIMIT 3;"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/vnd.ksqlapi.delimited.v1");
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(4);
        JsonNode header = JSON.readTree(lines.get(0));
        assertThat(header.path("queryId").asText()).isNotBlank();
        assertThat(header.path("columnNames").toString()).isEqualTo("[\"DEVICE\",\"TEMP\"]");
        assertThat(header.path("columnTypes").toString()).isEqualTo("[\"STRING\",\"DOUBLE\"]");
        assertThat(lines.subList(1, 4)).containsExactly("[\"d0\",10.5]", "[\"d1\",11.5]", "[\"d2\",12.5]");
    }

    @Test
    void withAcceptJsonAPushQueryIsOneJsonArray() throws Exception {
        createStreamWithReadings("r5", 3);

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(freshet.httpUri()
                + "/query-stream")).timeout(Duration.ofSeconds(45)).header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(querySql("SELECT device FROM r5 EMIT CHANGES LIMIT 2;")))
            .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode array = JSON.readTree(response.body());
        assertThat(array).hasSize(3);
        assertThat(array.get(0).path("columnNames").toString()).isEqualTo("[\"DEVICE\"]");
        assertThat(array.get(1).toString()).isEqualTo("[\"d0\"]");
        assertThat(array.get(2).toString()).isEqualTo("[\"d1\"]");
    }

    @Test
    void closeQueryEndsAPushQueryAndItsAnswer() throws Exception {
        createStreamWithReadings("r6", 1);
        byte[] body = querySql("SELECT device, temp FROM r6 EMIT CHANGES;").getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket("127.0.0.1", freshet.httpPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /query-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String received = readUntil(in, "[\"d0\",10.5]");
            String queryId = received.replaceAll("(?s).*\"queryId\":\"([^\"]+)\".*", "$1");

            HttpResponse<String> closed = post("/close-query", "{\"queryId\": \"" + queryId + "\"}");

            assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
            assertThat(readUntil(in, "0\r\n\r\n")).as("the answer's last chunk (size 0)").endsWith("0\r\n\r\n");
        }
        assertThat(post("/close-query", "{\"queryId\": \"transient_nope\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void aPushQueryWithABadColumnIsAPlain400() throws Exception {
        createStreamWithReadings("r3", 1);

        HttpResponse<String> response = post("/query-stream", querySql("SELECT nope FROM r3 EMIT CHANGES;"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("@type").asText()).isEqualTo("statement_error");
        assertThat(error.path("message").asText()).contains("NOPE");
    }

    @Test
    void aClientThatDisconnectsStopsItsPushQuery() throws Exception {
        createStreamWithReadings("r4", 3);
        byte[] body = querySql("SELECT device, temp FROM r4 EMIT CHANGES;").getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket("127.0.0.1", freshet.httpPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /query-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String received = readUntil(socket.getInputStream(), "[\"d2\",12.5]");
            assertThat(received).contains("\"columnNames\":[\"DEVICE\",\"TEMP\"]");
            assertThat(pushQueryThreads()).as("the push query runs").isNotEmpty();
        }

        Awaitility.await("the push query's Kafka Streams threads ended").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100)).until(() -> pushQueryThreads().isEmpty());
    }

    @Test
    void infoNamesTheClusterAndTheVersion() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(freshet.httpUri() + "/info"))
            .GET().build(), HttpResponse.BodyHandlers.ofString());

        JsonNode info = JSON.readTree(response.body()).path("KsqlServerInfo");
        assertThat(info.path("kafkaClusterId").asText()).isEqualTo(freshet.clusterId());
        assertThat(info.path("version").asText()).isNotBlank();
        assertThat(info.path("serverStatus").asText()).isEqualTo("RUNNING");
    }

    private static void createStreamWithReadings(String name, int readings) throws Exception {
        HttpResponse<String> created = post("/ksql", ksql("CREATE STREAM " + name
            + " (device VARCHAR KEY, temp DOUBLE) WITH (KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);",
            Map.of()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        try (KafkaProducer<String, String> producer = ReadingsScenario.producer(freshet.bootstrapServers())) {
            for (int i = 0; i < readings; i++) {
                producer.send(new ProducerRecord<>(name, "d" + i, "{\"temp\": " + (10.5 + i) + "}")).get();
            }
        }
    }

    /**
     * The live threads of push queries' Kafka Streams applications ({@code _freshet_sql_transient_...}): the broker
     * runs in this JVM. (Their consumer group outlives them by its session timeout: Kafka Streams does not leave
     * its group on close.)
     */
    private static List<String> pushQueryThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
            .filter(name -> name.startsWith("_freshet_sql_transient_")).toList();
    }

    /** Reads the raw (chunked) answer until {@code marker} arrived. */
    private static String readUntil(InputStream in, String marker) throws Exception {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (text.indexOf(marker) < 0) {
            int n;
            try {
                n = in.read(buffer);
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("no " + marker + " in time; received: " + text, e);
            }
            if (n < 0) {
                throw new AssertionError("the answer ended before " + marker + ": " + text);
            }
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(freshet.httpUri() + path))
            .timeout(Duration.ofSeconds(45))
            .header("Content-Type", "application/vnd.ksql.v1+json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String ksql(String statements, Map<String, String> properties) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ksql", statements);
        body.set("streamsProperties", JSON.valueToTree(properties));
        return body.toString();
    }

    private static String querySql(String sql) {
        ObjectNode body = JSON.createObjectNode();
        body.put("sql", sql);
        body.set("properties", JSON.valueToTree(Map.of("auto.offset.reset", "earliest")));
        return body.toString();
    }

    private static List<String> types(JsonNode entities) {
        List<String> types = new ArrayList<>();
        entities.forEach(e -> types.add(e.path("@type").asText()));
        return types;
    }

    private static List<String> names(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false).filter(n -> n.path(field).asText().equals(value))
            .findFirst().orElseThrow(() -> new AssertionError("no " + field + "=" + value + " in " + array));
    }
}
