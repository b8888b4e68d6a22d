package io.freshet.http.v2;

import io.freshet.http.HttpBackends;
import io.freshet.http.HttpConfig;
import io.freshet.http.HttpFixture;
import io.freshet.http.HttpServer;
import io.freshet.storage.testing.ManualClock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.freshet.http.v2.V2Client.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An idle consumer instance expires after {@code http.consumer.instance.timeout.ms} on the listener's clock (a
 * manual one here: the test moves it) and leaves its group; one used meanwhile stays.
 */
@Timeout(90)
class RestV2ExpiryTest {

    private static final long TIMEOUT_MS = 60_000;

    @TempDir
    Path dataDir;
    private HttpFixture http;
    private HttpServer server;
    private V2Client v2;
    private Admin admin;
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void start() throws Exception {
        http = HttpFixture.start(dataDir, HttpConfig.defaults().withPort(0), "group.initial.rebalance.delay.ms", "0");
        HttpConfig config = new HttpConfig("127.0.0.1", 0, 8 * 1024 * 1024, List.of(), 15_000, TIMEOUT_MS);
        server = HttpServer.start(config, new HttpBackends(http.log(), Optional.of(http.bootstrap()), Map.of(),
            clock));
        v2 = new V2Client(http, "http://127.0.0.1:" + server.boundPort());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, http.bootstrap()));
        http.log().createTopic("events", 1, Map.of()).get();
    }

    @AfterEach
    void stop() {
        admin.close();
        server.close();
        http.close();
    }

    @Test
    void idleInstanceIsClosedAfterTheTimeoutAndLeavesItsGroupWhileAUsedOneStays() throws Exception {
        String idle = v2.subscribedInstance("exp", "idle", "binary", "earliest", "events");
        String used = v2.subscribedInstance("exp", "used", "binary", "earliest", "events");
        v2.ok(v2.call("GET", idle + "/records?timeout=200", null, null, null));
        v2.ok(v2.call("GET", used + "/records?timeout=200", null, null, null));
        awaitMembers("exp", 2);

        clock.advance(TIMEOUT_MS - 20_000);
        v2.ok(v2.call("GET", used + "/subscription", null, null, null));
        clock.advance(20_001);

        // Any call would count as a use of the instance: watch the group instead.
        awaitMembers("exp", 1);
        HttpResponse<String> gone = v2.call("GET", idle + "/records", null, null, null);
        assertError(gone, 404, 40403);
        assertThat(v2.call("GET", used + "/subscription", null, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void closingTheServerClosesEveryInstanceAndTheyLeaveTheirGroup() throws Exception {
        String c1 = v2.subscribedInstance("closing", "c1", "binary", "earliest", "events");
        v2.ok(v2.call("GET", c1 + "/records?timeout=200", null, null, null));
        awaitMembers("closing", 1);

        server.close();

        assertThat(admin.describeConsumerGroups(List.of("closing")).all().get().get("closing").members()).isEmpty();
    }

    private void awaitMembers(String group, int count) {
        // ignoreExceptions: the group is unknown (GROUP_ID_NOT_FOUND) until its first member joined.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
            admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size() == count);
    }
}
