package io.freshet.mqtt.delivery;

import io.freshet.mqtt.delivery.RecordingLink.Acks;
import io.freshet.mqtt.delivery.RecordingLink.Mark;
import io.freshet.mqtt.delivery.RecordingLink.Publish;
import io.freshet.mqtt.delivery.RecordingLink.Pubrel;
import io.freshet.mqtt.delivery.RecordingLink.Sent;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.mapping.RuleBasedTopicMapper;
import io.freshet.mqtt.session.SubscriptionRequest;
import io.freshet.storage.testing.ManualClock;
import io.netty.channel.DefaultEventLoop;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.freshet.mqtt.delivery.DeliveryHarness.get;
import static io.freshet.mqtt.delivery.DeliveryHarness.sub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session's subscriptions served from a real broker's log: records written by a Kafka producer and through the
 * EventLog, delivered to a recording link on a real event loop.
 */
@Timeout(60)
class SessionDeliveryTest {

    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    static Path dataDir;

    private static final ManualClock time = new ManualClock();
    private static DeliveryHarness h;
    private static DefaultEventLoop loop;
    private final List<RecordingLink> links = new ArrayList<>();

    @BeforeAll
    static void start() {
        h = new DeliveryHarness(dataDir, time, MqttConfig.defaults());
        loop = new DefaultEventLoop();
    }

    @AfterAll
    static void stop() {
        h.close();
        loop.shutdownGracefully();
    }

    @AfterEach
    void noCallOffTheEventLoop() {
        for (RecordingLink link : links) {
            assertThat(link.calledOnWrongThread()).as("%s called off its event loop", link.clientId()).isFalse();
        }
    }

    @Test
    void shouldDeliverWhatIsWrittenAfterTheSubscriptionToMatchingWildcardFilters() throws Exception {
        h.createTopic("wild", 3);
        h.append("wild", "dev1/temp", "before");
        RecordingLink link = connect("c-wild", 100, Acks.ALL);

        assertThat(subscribe(link, 7, sub("wild/+/temp", 1))).extracting(Outcome::reasonCode).containsExactly(1);
        assertThat(subscribe(link, 8, sub("wild/dev2/#", 0))).extracting(Outcome::reasonCode).containsExactly(0);
        try (KafkaProducer<String, String> producer = h.producer()) {
            producer.send(new ProducerRecord<>("wild", "dev1/temp", "t1")).get();
            producer.send(new ProducerRecord<>("wild", "dev2/hum", "h1")).get();
            producer.send(new ProducerRecord<>("wild", "dev3/hum", "x1")).get();
            producer.send(new ProducerRecord<>("wild", "dev2/temp", "t2")).get();
        }
        h.append("wild", "dev1/temp", "t3", "mqtt.qos", "0");

        await().until(() -> link.publishes().size() >= 4);
        await().during(QUIET).until(() -> link.publishes().size() == 4);
        Map<String, Publish> byPayload = link.publishes().stream()
            .collect(Collectors.toMap(Publish::payload, p -> p));
        assertThat(byPayload.keySet()).containsExactlyInAnyOrder("t1", "h1", "t2", "t3");
        assertThat(byPayload.get("t1")).extracting(Publish::topic, Publish::qos, Publish::subscriptionIds)
            .containsExactly("wild/dev1/temp", 1, List.of(7));
        assertThat(byPayload.get("h1")).extracting(Publish::topic, Publish::qos, Publish::subscriptionIds)
            .containsExactly("wild/dev2/hum", 0, List.of(8));
        // matched by both: once, the higher QoS, both identifiers
        assertThat(byPayload.get("t2")).extracting(Publish::topic, Publish::qos, Publish::subscriptionIds)
            .containsExactly("wild/dev2/temp", 1, List.of(7, 8));
        assertThat(byPayload.get("t3").qos()).isZero();
    }

    @Test
    void shouldReadTopicsAndPartitionsCreatedAfterTheSubscriptionFromTheirStart() throws Exception {
        RecordingLink link = connect("c-late", 100, Acks.ALL);
        subscribe(link, 0, sub("+/late", 1));

        try (KafkaProducer<String, String> producer = h.producer();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, h.bootstrap()))) {
            // the session's loop is busy while the topic appears and fills: it learns of it after the records
            CountDownLatch busy = blockLoop();
            producer.send(new ProducerRecord<>("newborn", "late", "first")).get(); // creates the topic
            producer.send(new ProducerRecord<>("newborn", "early", "no")).get();
            producer.send(new ProducerRecord<>("newborn", "late", "second")).get();
            busy.countDown();
            await().until(() -> link.payloads().size() == 2);

            busy = blockLoop();
            admin.createPartitions(Map.of("newborn", NewPartitions.increaseTo(5))).all().get();
            await().until(() -> h.log.partitionCount("newborn").orElse(0) == 5);
            producer.send(new ProducerRecord<>("newborn", 4, "late", "in-new-partition")).get();
            busy.countDown();
        }

        await().until(() -> link.payloads().size() == 3);
        assertThat(link.payloads()).containsExactly("first", "second", "in-new-partition");
        assertThat(link.publishes()).extracting(Publish::topic).containsOnly("newborn/late");
    }

    @Test
    void shouldKeepEachKeysOrderAcrossPartitionsThroughASmallWindow() throws Exception {
        h.createTopic("order", 3);
        RecordingLink link = connect("c-order", 7, Acks.ALL);
        subscribe(link, 0, sub("order/#", 1));

        try (KafkaProducer<String, String> producer = h.producer()) {
            for (int i = 0; i < 40; i++) {
                for (int key = 0; key < 15; key++) {
                    producer.send(new ProducerRecord<>("order", "dev" + key, key + ":" + i));
                }
            }
            producer.flush();
        }

        await().until(() -> link.publishes().size() == 600);
        Map<String, List<Integer>> byTopic = new HashMap<>();
        for (Publish p : link.publishes()) {
            byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(Integer.parseInt(p.payload().split(":")[1]));
        }
        assertThat(byTopic).hasSize(15);
        for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isSorted().hasSize(40);
        }
    }

    @Test
    void shouldSendTheLowerOfTheMessageQosAndTheGrantedQos() {
        h.createTopic("qos", 1);
        RecordingLink one = connect("c-qos1", 100, Acks.ALL);
        RecordingLink two = connect("c-qos2", 100, Acks.ALL);
        subscribe(one, 0, sub("qos/#", 1));
        subscribe(two, 0, sub("qos/#", 2));

        h.append("qos", "a", "q0", "mqtt.qos", "0");
        h.append("qos", "a", "q1", "mqtt.qos", "1");
        h.append("qos", "a", "q2", "mqtt.qos", "2");
        h.append("qos", "a", "kafka"); // no mqtt.qos: a Kafka producer's record counts as QoS 2

        await().until(() -> one.publishes().size() == 4 && two.publishes().size() == 4);
        assertThat(one.publishes()).extracting(Publish::qos).containsExactly(0, 1, 1, 1);
        assertThat(two.publishes()).extracting(Publish::qos).containsExactly(0, 1, 2, 2);
    }

    @Test
    void shouldStopAtTheReceiveMaximumAndResumeOnAcknowledgements() {
        h.createTopic("window", 1);
        RecordingLink link = connect("c-window", 5, Acks.NONE);
        subscribe(link, 0, sub("window/#", 1));
        for (int i = 0; i < 20; i++) {
            h.append("window", "k", "m" + i, "mqtt.qos", "1");
        }

        await().until(() -> link.publishes().size() == 5);
        await().during(QUIET).until(() -> link.publishes().size() == 5);
        List<Publish> first = link.publishes();
        assertThat(first).extracting(Publish::packetId).doesNotHaveDuplicates().doesNotContain(0);

        link.puback(first.get(0).packetId());
        link.puback(first.get(3).packetId());
        await().until(() -> link.publishes().size() == 7);
        await().during(QUIET).until(() -> link.publishes().size() == 7);

        Set<String> acked = new HashSet<>(List.of("m0", "m3"));
        await().until(() -> {
            List<Publish> now = link.publishes();
            assertThat(now.size()).as("never more than 5 unacknowledged").isLessThanOrEqualTo(acked.size() + 5);
            for (Publish p : now) {
                if (acked.add(p.payload())) {
                    link.puback(p.packetId());
                }
            }
            return now.size() == 20;
        });
        assertThat(link.payloads()).isEqualTo(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
    }

    @Test
    void shouldCapTheWindowAtMaxInflightMessagesAndSkipMessagesTooLargeForTheClient() {
        h.createTopic("capped", 1);
        MqttConfig d = MqttConfig.defaults();
        MqttConfig three = new MqttConfig(d.host(), d.port(), d.maxPacketSize(), d.maxConnections(),
            d.receiveMaximum(), 3, d.topicAliasMaximum(), d.maxSessionExpirySeconds(), d.mappingRules());
        try (DeliveryService service = new DeliveryService(h.log, RuleBasedTopicMapper.parse(""), h.retained,
            h.state(), three, time)) {
            RecordingLink link = track(new RecordingLink("c-capped", loop, 100, 4)
                .attach(service.open("c-capped", false), Acks.NONE));
            link.setMaxPayload(10);
            subscribe(link, 5, sub("capped/#", 1));
            h.append("capped", "k", "this one is far too large", "mqtt.qos", "1");
            for (int i = 0; i < 6; i++) {
                h.append("capped", "k", "m" + i, "mqtt.qos", "1");
            }

            await().until(() -> link.publishes().size() == 3);
            await().during(QUIET).until(() -> link.publishes().size() == 3);
            // the large one was discarded as if delivered: it holds no window slot
            assertThat(link.payloads()).containsExactly("m0", "m1", "m2");
            // MQTT 3.1.1 has no subscription identifiers
            assertThat(link.publishes()).extracting(Publish::subscriptionIds).containsOnly(List.of());
            link.puback(link.publishes().get(0).packetId());
            await().until(() -> link.publishes().size() == 4);
        }
    }

    @Test
    void shouldWaitWhileTheSocketIsNotWritable() {
        h.createTopic("busy", 1);
        RecordingLink link = connect("c-busy", 100, Acks.ALL);
        subscribe(link, 0, sub("busy/#", 0));
        link.setWritable(false);
        for (int i = 0; i < 10; i++) {
            h.append("busy", "k", "m" + i, "mqtt.qos", "0");
        }
        await().during(QUIET).until(() -> link.publishes().isEmpty());

        link.setWritable(true);
        await().until(() -> link.publishes().size() == 10);
        assertThat(link.payloads()).startsWith("m0", "m1").endsWith("m9");
    }

    @Test
    void shouldResendUnacknowledgedPublishesWithDupAndPubrelsInOrderOnReattach() {
        h.createTopic("dup", 1);
        LogSessionDelivery session = (LogSessionDelivery) h.service.open("c-dup", true);
        RecordingLink first = track(new RecordingLink("c-dup", loop, 100).attach(session, Acks.NONE));
        subscribe(first, 0, sub("dup/#", 2));
        for (int i = 1; i <= 4; i++) {
            h.append("dup", "k", "m" + i, "mqtt.qos", i == 4 ? "1" : "2");
        }
        await().until(() -> first.publishes().size() == 4);
        List<Publish> sent = first.publishes();
        first.pubrec(sent.get(0).packetId());
        first.pubrec(sent.get(1).packetId());
        await().until(() -> first.sent().stream().filter(s -> s instanceof Pubrel).count() == 2);
        first.pubcomp(sent.get(0).packetId());
        first.detach();

        h.append("dup", "k", "m5", "mqtt.qos", "1");
        RecordingLink second = track(new RecordingLink("c-dup", loop, 100).attach(session, Acks.NONE));

        await().until(() -> second.sent().size() == 4);
        List<Sent> resent = second.sent();
        assertThat(resent.get(0)).isEqualTo(new Pubrel(sent.get(1).packetId()));
        assertThat((Publish) resent.get(1)).extracting(Publish::payload, Publish::packetId, Publish::dup, Publish::qos)
            .containsExactly("m3", sent.get(2).packetId(), true, 2);
        assertThat((Publish) resent.get(2)).extracting(Publish::payload, Publish::packetId, Publish::dup, Publish::qos)
            .containsExactly("m4", sent.get(3).packetId(), true, 1);
        assertThat((Publish) resent.get(3)).extracting(Publish::payload, Publish::dup).containsExactly("m5", false);
        assertThat(((Publish) resent.get(3)).packetId()).isNotIn(sent.get(1).packetId(), sent.get(2).packetId(),
            sent.get(3).packetId());
    }

    @Test
    void shouldSendRetainedMessagesAfterTheSubackAsRetainHandlingSays() {
        get(h.retained.put(new Message("kept/a", utf8("A"), 1, true, MessageProperties.NONE)));
        get(h.retained.put(new Message("kept/b", utf8("B"), 0, true, MessageProperties.NONE)));
        RecordingLink link = connect("c-kept", 100, Acks.ALL);

        subscribe(link, 3, new SubscriptionRequest("kept/#", 2, false, false, 0));
        await().until(() -> link.publishes().size() == 2);
        assertThat(link.sent().get(0)).isEqualTo(new Mark("SUBACK"));
        assertThat(link.publishes()).extracting(Publish::topic, Publish::payload, Publish::qos, Publish::retain,
                Publish::subscriptionIds)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("kept/a", "A", 1, true, List.of(3)),
                org.assertj.core.groups.Tuple.tuple("kept/b", "B", 0, true, List.of(3)));

        subscribe(link, 0, new SubscriptionRequest("kept/#", 2, false, false, 1)); // exists: nothing
        subscribe(link, 0, new SubscriptionRequest("kept/a", 2, false, false, 2)); // never
        subscribe(link, 0, new SubscriptionRequest("$share/kg/kept/#", 2, false, false, 0)); // shared: never
        subscribe(link, 0, new SubscriptionRequest("kept/+", 0, false, false, 1)); // new: yes
        await().until(() -> link.publishes().size() == 4);
        await().during(QUIET).until(() -> link.publishes().size() == 4);
        assertThat(link.publishes().subList(2, 4)).extracting(Publish::qos).containsOnly(0);
    }

    @Test
    void shouldClearTheRetainFlagOfLiveMessagesUnlessRetainAsPublished() {
        h.createTopic("flag", 1);
        RecordingLink plain = connect("c-flag1", 100, Acks.ALL);
        RecordingLink asPublished = connect("c-flag2", 100, Acks.ALL);
        subscribe(plain, 0, new SubscriptionRequest("flag/#", 1, false, false, 2));
        subscribe(asPublished, 0, new SubscriptionRequest("flag/#", 1, false, true, 2));

        h.append("flag", "x", "r", "mqtt.qos", "1", "mqtt.retain", "true");

        await().until(() -> plain.publishes().size() == 1 && asPublished.publishes().size() == 1);
        assertThat(plain.publishes().get(0).retain()).isFalse();
        assertThat(asPublished.publishes().get(0).retain()).isTrue();
    }

    @Test
    void shouldSkipExpiredMessagesAndSendTheIntervalThatRemains() {
        h.createTopic("expiry", 1);
        RecordingLink link = connect("c-expiry", 100, Acks.ALL);
        subscribe(link, 0, sub("expiry/#", 1));
        long now = time.milliseconds();
        List<org.apache.kafka.common.header.Header> tenSeconds = List.of(
            new RecordHeader("mqtt.message_expiry", utf8("10")), new RecordHeader("mqtt.qos", utf8("1")));

        h.appendAt("expiry", "k", "expired", now - 20_000, tenSeconds);
        h.appendAt("expiry", "k", "alive", now - 3_000, tenSeconds);
        h.appendAt("expiry", "k", "forever", now - 3_000, List.of());

        await().until(() -> link.publishes().size() == 2);
        assertThat(link.payloads()).containsExactly("alive", "forever");
        assertThat(link.publishes().get(0).message().properties().messageExpirySeconds()).isEqualTo(7L);
        assertThat(link.publishes().get(1).message().properties().messageExpirySeconds()).isNull();

        time.sleep(6_000); // 1 s left of "alive"'s interval: still delivered, with 1
        h.appendAt("expiry", "k", "alive-again", now - 3_000, tenSeconds);
        time.sleep(1_000); // now it has expired
        h.appendAt("expiry", "k", "too-late", now - 3_000, tenSeconds);
        h.appendAt("expiry", "k", "marker", now, List.of());
        await().until(() -> link.payloads().contains("marker"));
        assertThat(link.payloads()).doesNotContain("too-late");
    }

    @Test
    void shouldNotSendNoLocalSubscriptionsWhatTheClientPublishedItself() {
        h.createTopic("local", 1);
        RecordingLink link = connect("c-local", 100, Acks.ALL);
        subscribe(link, 0, new SubscriptionRequest("local/#", 1, true, false, 0));

        h.append("local", "k", "mine", "mqtt.client_id", "c-local");
        h.append("local", "k", "theirs", "mqtt.client_id", "someone-else");
        h.append("local", "k", "kafka");

        await().until(() -> link.publishes().size() == 2);
        assertThat(link.payloads()).containsExactly("theirs", "kafka");
    }

    @Test
    void shouldRefuseInvalidAndUnmappableFiltersAndStopServingUnsubscribedOnes() {
        h.createTopic("unsub", 1);
        RecordingLink link = connect("c-unsub", 100, Acks.ALL);

        List<Outcome> outcomes = subscribe(link, 0, sub("a/#/b", 1), sub("bad topic!", 1), sub("unsub/+", 2));
        assertThat(outcomes).extracting(Outcome::reasonCode).containsExactly(0x8F, 0x8F, 2);
        assertThat(outcomes.get(1).reasonString()).isNotBlank();

        h.append("unsub", "k", "one");
        await().until(() -> link.publishes().size() == 1);
        List<Outcome> gone = get(link.call(() -> link.delivery().unsubscribe(List.of("unsub/+", "never/subscribed"))));
        assertThat(gone).extracting(Outcome::reasonCode).containsExactly(0x00, 0x11);
        h.append("unsub", "k", "two");
        await().during(QUIET).until(() -> link.publishes().size() == 1);
    }

    // ---------------------------------------------------------------- helpers

    /** Keeps the sessions' event loop busy until the latch is counted down. */
    private static CountDownLatch blockLoop() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            running.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await();
        return release;
    }

    private RecordingLink connect(String clientId, int receiveMaximum, Acks acks) {
        SessionDelivery session = h.service.open(clientId, false);
        return track(new RecordingLink(clientId, loop, receiveMaximum).attach(session, acks));
    }

    private RecordingLink track(RecordingLink link) {
        links.add(link);
        return link;
    }

    /** SUBSCRIBE on the link's loop; marks "SUBACK" in what the link saw when the answer is there. */
    private static List<Outcome> subscribe(RecordingLink link, int subscriptionId, SubscriptionRequest... requests) {
        CompletableFuture<List<Outcome>> answer = link.call(() -> {
            CompletableFuture<List<Outcome>> f = link.delivery().subscribe(List.of(requests), subscriptionId);
            return f.thenApply(outcomes -> {
                link.mark("SUBACK");
                return outcomes;
            });
        });
        return get(answer);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
