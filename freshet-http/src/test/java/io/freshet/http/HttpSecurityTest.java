package io.freshet.http;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Basic authentication and ACLs on the HTTP listener, seen by curl. One broker for the class:
 * {@code http.allow.anonymous=false}; alice may write and describe topic {@code granted}; admin may describe the
 * cluster.
 */
class HttpSecurityTest {

    @TempDir
    static Path dataDir;
    private static FreshetBroker broker;
    private static HttpServer server;
    private static String cluster;

    @BeforeAll
    static void start() throws Exception {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString())));
        broker.eventLog().createTopic("granted", 1, Map.of()).join();
        broker.eventLog().createTopic("secret", 1, Map.of()).join();
        HttpConfig config = HttpConfig.fromProperties(Map.of(HttpConfig.LISTENERS, "HTTP://127.0.0.1:0",
            HttpConfig.ALLOW_ANONYMOUS, "false"));
        server = HttpServer.start(config, new HttpBackends(broker.eventLog(),
                Optional.of("127.0.0.1:" + broker.boundPort()), Map.of(), Time.SYSTEM),
            TestSecurity.allowing(Set.of("User:alice WRITE TOPIC granted", "User:alice DESCRIBE TOPIC granted",
                "User:admin DESCRIBE CLUSTER kafka-cluster")),
            TestSecurity.passwords(Map.of("alice", "alice-secret", "admin", "admin-secret")), name -> {
                throw new IllegalArgumentException(name);
            });
        cluster = broker.eventLog().clusterId();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void restProduceWithBasicAuth() throws Exception {
        String records = "/v3/clusters/" + cluster + "/topics/granted/records";
        Curl ok = curl("-u", "alice:alice-secret", "-H", "Content-Type: application/json", "-d",
            "{\"value\":{\"type\":\"JSON\",\"data\":{\"n\":1}}}", url(records));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"error_code\":200");
        assertThat(broker.eventLog().endOffset(new TopicPartition("granted", 0))).isEqualTo(1);

        Curl wrong = curl("-u", "alice:nope", "-H", "Content-Type: application/json", "-d",
            "{\"value\":{\"type\":\"JSON\",\"data\":{\"n\":2}}}", url(records));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("\"error_code\":40101");
        assertThat(wrong.headers()).containsIgnoringCase("WWW-Authenticate: Basic realm=\"freshet\"");

        Curl anonymous = curl("-H", "Content-Type: application/json", "-d",
            "{\"value\":{\"type\":\"JSON\",\"data\":{\"n\":3}}}", url(records));
        assertThat(anonymous.status()).isEqualTo(401);

        Curl denied = curl("-u", "alice:alice-secret", "-H", "Content-Type: application/json", "-d",
            "{\"value\":{\"type\":\"JSON\",\"data\":{\"n\":4}}}", url("/v3/clusters/" + cluster
                + "/topics/secret/records"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).contains("\"error_code\":40301");
        assertThat(broker.eventLog().endOffset(new TopicPartition("secret", 0))).isZero();
        assertThat(broker.eventLog().endOffset(new TopicPartition("granted", 0))).isEqualTo(1);
    }

    @Test
    void topicListingShowsOnlyDescribableTopics() throws Exception {
        Curl list = curl("-u", "alice:alice-secret", url("/v3/clusters/" + cluster + "/topics"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("\"topic_name\":\"granted\"").doesNotContain("\"secret\"");
        Curl v2 = curl("-u", "alice:alice-secret", url("/topics"));
        assertThat(v2.body()).isEqualTo("[\"granted\"]");
    }

    @Test
    void consoleApiNeedsDescribeOnTheCluster() throws Exception {
        assertThat(curl(url("/console/api/cluster")).status()).isEqualTo(401);
        assertThat(curl("-u", "alice:alice-secret", url("/console/api/cluster")).status()).isEqualTo(403);
        Curl admin = curl("-u", "admin:admin-secret", url("/console/api/cluster"));
        assertThat(admin.status()).as(admin.body()).isEqualTo(200);
        assertThat(curl("-u", "admin:admin-secret", url("/")).status()).isEqualTo(200);
        assertThat(curl(url("/")).status()).isEqualTo(401);
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.boundPort() + path;
    }

    record Curl(int status, String headers, String body) {
    }

    /** curl -s -D - ARGS: the status, the response headers and the body. */
    static Curl curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-D", "-", "--max-time", "10"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int split = output.indexOf("\r\n\r\n");
        String headers = split < 0 ? output : output.substring(0, split);
        String body = split < 0 ? "" : output.substring(split + 4);
        int status = Integer.parseInt(headers.split(" ")[1]);
        return new Curl(status, headers, body.trim());
    }
}
