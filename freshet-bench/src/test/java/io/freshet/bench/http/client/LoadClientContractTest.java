package io.freshet.bench.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.freshet.bench.mqtt.client.ClientErrors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load client against {@link ContractServer}: each connection kind does what the contract says. */
class LoadClientContractTest {

    private final ContractServer server = new ContractServer();
    private final HttpClients clients = new HttpClients();
    private final ClientErrors errors = new ClientErrors();

    LoadClientContractTest() throws InterruptedException {
    }

    @AfterEach
    void close() {
        clients.close();
        server.close();
    }

    @Test
    void streamingProduceShouldCountOneReportPerRecordWhileTheBodyIsStillOpen() throws Exception {
        byte[] record = ("{\"value\":{\"type\":\"BINARY\",\"data\":\""
            + Base64.getEncoder().encodeToString(new byte[100])
            + "\"}}\n").getBytes(StandardCharsets.US_ASCII);
        // a window far below the total: it only finishes if reports come back before the body ends
        StreamingProducer producer = new StreamingProducer(errors, "/v3/clusters/c/topics/t/records", record, 5_000,
            120);

        clients.connect(server.port(), producer::install, producer::connectFailed);
        producer.done().get(30, TimeUnit.SECONDS);

        assertThat(producer.acknowledged()).isEqualTo(5_000);
        assertThat(producer.failed()).isZero();
        assertThat(errors.summary()).isEmpty();
    }

    @Test
    void batchProduceShouldCountTheOffsetsOfEveryAnswer() throws Exception {
        BatchProducer producer = new BatchProducer(errors, "/topics/t", BatchProducer.body("AAAA", 50), 50, 7);

        clients.connect(server.port(), producer::install, producer::connectFailed);
        producer.done().get(30, TimeUnit.SECONDS);

        assertThat(producer.acknowledged()).isEqualTo(350);
        assertThat(producer.failed()).isZero();
        assertThat(errors.summary()).isEmpty();
    }

    @Test
    void sseAndWebSocketSubscribersShouldTallyEveryPushedRecordAndGap() throws Exception {
        String path = "/v3/clusters/c/topics/t/records:stream?from=latest";
        List<FanOutSubscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SseSubscriber sse = new SseSubscriber(errors, path, new SubscriberTally(2, 20));
            clients.connect(server.port(), sse::install, sse::connectFailed);
            WebSocketSubscriber ws = new WebSocketSubscriber(errors, path, new SubscriberTally(2, 20));
            clients.connect(server.port(), ws::install, ws::connectFailed);
            subscribers.add(sse);
            subscribers.add(ws);
        }
        CompletableFuture.allOf(subscribers.stream().map(FanOutSubscriber::ready).toArray(CompletableFuture[]::new))
            .get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.subscribers() == 20);

        for (long seq = 0; seq < 20; seq++) {
            server.push("{\"partition_id\":0,\"offset\":" + seq + ",\"timestamp\":1,\"key\":null,\"value\":\""
                + new String(StampedValue.of(seq, System.nanoTime()), StandardCharsets.US_ASCII) + "\",\"headers\":[]}",
                false);
        }
        server.push("{\"partition_id\":0,\"missed\":4}", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.stream().allMatch(s -> s.received() == 20));

        for (FanOutSubscriber s : subscribers) {
            SubscriberTally tally = s.snapshot().get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> s.snapshot().get().gapEvents() == 1);
            assertThat(tally.measured()).isEqualTo(18);
            assertThat(tally.latencies().count()).isEqualTo(18);
            assertThat(tally.notAfterPrevious() + tally.skipped() + tally.unparsed()).isZero();
            assertThat(tally.gapMissed()).isEqualTo(4);
        }
        subscribers.forEach(FanOutSubscriber::close);
        assertThat(errors.summary()).isEmpty();
    }
}
