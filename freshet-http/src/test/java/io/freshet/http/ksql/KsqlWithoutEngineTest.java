package io.freshet.http.ksql;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.http.HttpFixture;
import io.freshet.http.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A listener without a SQL engine (sql.enabled=false): the SQL routes say so; /info still answers. */
class KsqlWithoutEngineTest {

    @TempDir
    static Path dataDir;
    private static HttpFixture http;

    @BeforeAll
    static void start() {
        http = HttpFixture.start(dataDir);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void sqlRoutesAnswer404NamingTheSetting() throws Exception {
        HttpResponse<String> ksql = http.send("POST", "/ksql", "application/json", "{\"ksql\": \"SHOW STREAMS;\"}");
        HttpResponse<String> query = http.send("POST", "/query-stream", "application/json",
            "{\"sql\": \"SELECT * FROM readings EMIT CHANGES;\"}");

        for (HttpResponse<String> response : java.util.List.of(ksql, query)) {
            assertThat(response.statusCode()).isEqualTo(404);
            JsonNode body = Json.MAPPER.readTree(response.body());
            assertThat(body.path("error_code").asInt()).isEqualTo(40400);
            assertThat(body.path("message").asText()).contains("sql.enabled=false");
        }
    }

    @Test
    void infoNamesTheKafkaClusterId() throws Exception {
        HttpResponse<String> response = http.get("/info");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode info = Json.MAPPER.readTree(response.body()).path("KsqlServerInfo");
        assertThat(info.path("kafkaClusterId").asText()).isEqualTo(http.clusterId());
        assertThat(info.path("serverStatus").asText()).isEqualTo("SQL_DISABLED");
    }
}
