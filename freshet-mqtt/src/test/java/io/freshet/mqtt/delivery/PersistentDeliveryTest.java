package io.freshet.mqtt.delivery;

import io.freshet.mqtt.delivery.RecordingLink.Acks;
import io.freshet.mqtt.delivery.RecordingLink.Publish;
import io.freshet.mqtt.delivery.RecordingLink.Pubrel;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.session.SubscriptionRequest;
import io.netty.channel.DefaultEventLoop;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.freshet.mqtt.delivery.DeliveryHarness.get;
import static io.freshet.mqtt.delivery.DeliveryHarness.sub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Persistent sessions: subscriptions, positions and in-flight packet ids stored in {@code __mqtt_sessions}, so a
 * client that comes back (also after a broker restart) gets what was written while it was away, and QoS 2 messages
 * exactly once.
 */
@Timeout(90)
class PersistentDeliveryTest {

    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path dataDir;

    private DeliveryHarness h;
    private DefaultEventLoop loop;

    @BeforeEach
    void start() {
        h = new DeliveryHarness(dataDir);
        loop = new DefaultEventLoop();
    }

    @AfterEach
    void stop() {
        h.close();
        loop.shutdownGracefully();
    }

    @Test
    void shouldDeliverWhatWasWrittenWhileDetached() {
        h.createTopic("away", 2);
        SessionDelivery session = h.service.open("c-away", true);
        RecordingLink first = new RecordingLink("c-away", loop, 100).attach(session, Acks.ALL);
        subscribe(first, sub("away/#", 1));
        h.append("away", "k1", "before");
        await().until(() -> first.publishes().size() == 1);
        first.detach();

        h.append("away", "k1", "while-away-1");
        h.append("away", "k2", "while-away-2");
        RecordingLink second = new RecordingLink("c-away", loop, 100).attach(session, Acks.ALL);

        await().until(() -> second.publishes().size() == 2);
        assertThat(second.payloads()).containsExactlyInAnyOrder("while-away-1", "while-away-2");
    }

    @Test
    void shouldDeliverEverythingAcrossABrokerRestartAndQos2MessagesExactlyOnce() throws Exception {
        h.createTopic("plant", 3);
        SessionDelivery session = h.service.open("c-plant", true);
        RecordingLink first = new RecordingLink("c-plant", loop, 10).attach(session, Acks.NONE);
        subscribe(first, sub("plant/#", 2));
        produce("a", 30);

        await().until(() -> first.publishes().size() == 10); // the window
        List<Publish> got = first.publishes();
        for (int i = 0; i < 6; i++) {
            first.pubrec(got.get(i).packetId());
        }
        await().until(() -> first.sent().stream().filter(s -> s instanceof Pubrel).count() == 6);
        for (int i = 0; i < 3; i++) {
            first.pubcomp(got.get(i).packetId());
        }
        List<Publish> unacknowledged = first.publishes().subList(6, first.publishes().size());
        first.detach();
        produce("b", 30);

        h.restart();
        produce("c", 10);
        SessionDelivery restored = h.service.open("c-plant", true);
        RecordingLink second = new RecordingLink("c-plant", loop, 10).attach(restored, Acks.ALL);

        await().until(() -> new Qos2Receiver().receive(first.sent()).receive(second.sent()).application().size()
            >= 70);
        List<String> application = new Qos2Receiver().receive(first.sent()).receive(second.sent()).application();
        assertThat(application).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected());
        // the unacknowledged ones came again, DUP set, under their packet ids; the released ones as PUBREL
        List<Integer> resentIds = second.publishes().stream().filter(Publish::dup).map(Publish::packetId).toList();
        // (a PUBLISH still waiting for its packet id to be stored at the detach is resent with DUP too: allowed)
        assertThat(resentIds).containsAll(unacknowledged.stream().map(Publish::packetId).toList())
            .doesNotContainAnyElementsOf(got.subList(0, 6).stream().map(Publish::packetId).toList());
        assertThat(second.sent().subList(0, 3)).containsExactly(new Pubrel(got.get(3).packetId()),
            new Pubrel(got.get(4).packetId()), new Pubrel(got.get(5).packetId()));
    }

    @Test
    void shouldDeliverQos2MessagesExactlyOnceWhenTheBrokerStopsUnderASession() throws Exception {
        h.createTopic("crash", 3);
        SessionDelivery session = h.service.open("c-crash", true);
        RecordingLink first = new RecordingLink("c-crash", loop, 20).attach(session, Acks.NONE);
        subscribe(first, sub("crash/#", 2));
        produce("crash", "a", 40);
        await().until(() -> first.publishes().size() == 20);
        List<Publish> got = first.publishes();
        for (int i = 0; i < 12; i++) {
            first.pubrec(got.get(i).packetId());
        }
        await().until(() -> first.sent().stream().filter(s -> s instanceof Pubrel).count() >= 5);
        List<Integer> released = first.sent().stream().filter(s -> s instanceof Pubrel)
            .map(s -> ((Pubrel) s).packetId()).toList();
        for (int i = 0; i < 5; i++) {
            first.pubcomp(released.get(i));
        }
        first.cut(); // no DISCONNECT, no detach: whatever was not stored yet is lost with the broker
        h.restart();

        SessionDelivery restored = h.service.open("c-crash", true);
        RecordingLink second = new RecordingLink("c-crash", loop, 20).attach(restored, Acks.ALL);

        List<String> all = IntStream.range(0, 40).mapToObj(i -> "a" + i).toList();
        await().until(() -> new Qos2Receiver().receive(first.sent()).receive(second.sent()).application()
            .containsAll(all));
        List<String> application = new Qos2Receiver().receive(first.sent()).receive(second.sent()).application();
        assertThat(application).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void shouldSendNoQos2PublishBeforeItsPacketIdIsStoredNorPubrelBeforeItsStage() {
        h.createTopic("strict", 1);
        RecordingLink a = new RecordingLink("c-a", loop, 100).attach(h.service.open("c-a", true), Acks.NONE);
        RecordingLink b = new RecordingLink("c-b", loop, 100).attach(h.service.open("c-b", true), Acks.NONE);
        subscribe(a, sub("strict/#", 2));
        subscribe(b, sub("strict/#", 2));
        h.append("strict", "k", "m0", "mqtt.qos", "2");
        await().until(() -> a.publishes().size() == 1 && b.publishes().size() == 1);

        h.stateWritesLost = true;
        b.pubrec(b.publishes().get(0).packetId());
        // b: m0's PUBREL stage cannot be stored, so no PUBREL
        await().during(QUIET).until(() -> b.sent().size() == 1);
        h.append("strict", "k", "m1", "mqtt.qos", "2");
        h.append("strict", "k", "m2", "mqtt.qos", "0");
        // a: m1's packet id cannot be stored, so m1 does not go out, and m2 (QoS 0) waits behind it
        await().during(QUIET).until(() -> a.sent().size() == 1);

        a.cut();
        b.cut();
        h.restart();
        for (RecordingLink before : List.of(a, b)) {
            String client = before.clientId();
            RecordingLink after = new RecordingLink(client, loop, 100).attach(h.service.open(client, true), Acks.ALL);
            await().until(() -> after.payloads().size() == 3);
            assertThat(after.payloads()).as(client).containsExactly("m0", "m1", "m2");
            assertThat(after.publishes().get(0)).extracting(Publish::packetId, Publish::dup)
                .containsExactly(before.publishes().get(0).packetId(), true);
            assertThat(new Qos2Receiver().receive(before.sent()).receive(after.sent()).application()).as(client)
                .containsExactly("m0", "m1", "m2");
        }
    }

    @Test
    void shouldStoreQos2StateInGroupedWritesNotOncePerMessage() {
        h.createTopic("bulk", 1);
        SessionDelivery session = h.service.open("c-bulk", true);
        RecordingLink link = new RecordingLink("c-bulk", loop, 100).attach(session, Acks.ALL);
        subscribe(link, sub("bulk/#", 2));
        int before = h.stateWrites.get();
        for (int i = 0; i < 300; i++) {
            h.append("bulk", "k", "m" + i, "mqtt.qos", "2");
        }

        await().until(() -> link.sent().stream().filter(s -> s instanceof Pubrel).count() == 300);
        // each message needs two durable steps (its packet id, then its PUBREL stage): 600 writes one by one;
        // 15 when this was written
        assertThat(h.stateWrites.get() - before).isLessThan(60);
        assertThat(link.payloads()).isEqualTo(IntStream.range(0, 300).mapToObj(i -> "m" + i).toList());
    }

    @Test
    void shouldForgetADiscardedSessionDurably() {
        h.createTopic("gone", 1);
        SessionDelivery session = h.service.open("c-gone", true);
        RecordingLink first = new RecordingLink("c-gone", loop, 100).attach(session, Acks.ALL);
        subscribe(first, sub("gone/#", 1));
        assertThat(h.state().get("delivery/c-gone")).isPresent();
        first.detach();
        get(session.discard());
        assertThat(h.state().get("delivery/c-gone")).isEmpty();

        h.restart();
        assertThat(h.state().get("delivery/c-gone")).isEmpty();
        SessionDelivery fresh = h.service.open("c-gone", true);
        RecordingLink second = new RecordingLink("c-gone", loop, 100).attach(fresh, Acks.ALL);
        h.append("gone", "k", "after");
        subscribe(second, sub("other/#", 0)); // a round trip on the loop: anything due would have been read
        await().during(Duration.ofMillis(300)).until(() -> second.publishes().isEmpty());
    }

    @Test
    void shouldDeleteAStoredStateWhenTheClientStartsANonPersistentSession() {
        SessionDelivery session = h.service.open("c-clean", true);
        RecordingLink link = new RecordingLink("c-clean", loop, 100).attach(session, Acks.ALL);
        subscribe(link, sub("x/#", 1));
        link.detach();
        assertThat(h.state().get("delivery/c-clean")).isPresent();

        h.service.open("c-clean", false);
        await().until(() -> h.state().get("delivery/c-clean").isEmpty());
    }

    private List<String> expected() {
        List<String> all = new ArrayList<>();
        for (String prefix : List.of("a", "b", "c")) {
            for (int i = 0; i < (prefix.equals("c") ? 10 : 30); i++) {
                all.add(prefix + i);
            }
        }
        return all;
    }

    private void produce(String prefix, int count) throws Exception {
        produce("plant", prefix, count);
    }

    private void produce(String topic, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = h.producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "line" + (i % 5), prefix + i));
            }
            producer.flush();
        }
    }

    private static List<Outcome> subscribe(RecordingLink link, SubscriptionRequest... requests) {
        CompletableFuture<List<Outcome>> answer = link.call(() -> link.delivery().subscribe(List.of(requests), 0));
        return get(answer);
    }
}
