package io.freshet.broker;

import io.freshet.broker.share.FakeShareStates;
import io.freshet.storage.file.StorageIo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareAcknowledgeResponseData;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.freshet.broker.Requests.produce;
import static io.freshet.broker.Requests.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ShareFetch and ShareAcknowledge through real sockets, with a small in-memory share state in place of the share
 * coordinator: share sessions (epochs, forgotten partitions, close), error codes, records and acquired ranges,
 * long-poll, and the release of a member's records when its connection closes.
 */
@Timeout(60)
class ShareFetchTest {

    private static final short V1 = 1;
    private static final short V2 = 2;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static FreshetBroker broker;
    static FakeShareStates states;

    @BeforeAll
    static void start() {
        states = new FakeShareStates();
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString(),
            "group.share.max.share.sessions", "20")), StorageIo.SYSTEM,
            (config, store, settings, deadLetters) -> states);
    }

    @AfterAll
    static void stop() {
        broker.close();
        states.close();
    }

    @Test
    void shouldAdvertiseShareFetchAndShareAcknowledgeVersionsOneToTwo() throws IOException {
        try (WireClient client = client()) {
            ApiVersionsResponseData response = client.call(new ApiVersionsRequestData()
                .setClientSoftwareName("test").setClientSoftwareVersion("1"), (short) 3);
            assertThat(response.apiKeys().find(ApiKeys.SHARE_FETCH.id).minVersion()).isEqualTo((short) 1);
            assertThat(response.apiKeys().find(ApiKeys.SHARE_FETCH.id).maxVersion()).isEqualTo((short) 2);
            assertThat(response.apiKeys().find(ApiKeys.SHARE_ACKNOWLEDGE.id).maxVersion()).isEqualTo((short) 2);
        }
    }

    @Test
    void shouldDeliverRecordsWithTheirAcquiredRangesAndLockTimeout() throws IOException {
        Topic topic = topicWith("a", "b", "c");
        try (WireClient client = client()) {
            ShareFetchResponseData response = client.call(fetch("g1", member(), 0, topic.id, 0), V1);
            assertThat(response.errorCode()).isZero();
            assertThat(response.acquisitionLockTimeoutMs()).isEqualTo(30_000);
            ShareFetchResponseData.PartitionData partition = only(response);
            assertThat(values(partition)).containsExactly("a", "b", "c");
            assertThat(partition.acquiredRecords()).singleElement().satisfies(range -> {
                assertThat(range.firstOffset()).isZero();
                assertThat(range.lastOffset()).isEqualTo(2);
                assertThat(range.deliveryCount()).isEqualTo((short) 1);
            });
        }
    }

    @Test
    void shouldCheckSessionEpochs() throws IOException {
        Topic topic = topicWith("x");
        String member = member();
        try (WireClient client = client()) {
            assertThat(client.<ShareFetchResponseData>call(fetch("g2", member, 0, topic.id, 0), V1).errorCode())
                .isZero();
            assertThat(error(client.call(fetch("g2", member, 5, topic.id, 0), V1)))
                .isEqualTo(Errors.INVALID_SHARE_SESSION_EPOCH);
            assertThat(error(client.call(fetch("g2", member(), 1, topic.id, 0), V1)))
                .isEqualTo(Errors.SHARE_SESSION_NOT_FOUND);
            assertThat(client.<ShareFetchResponseData>call(fetch("g2", member, 1, topic.id, 0), V1).errorCode())
                .isZero();
            ShareAcknowledgeResponseData ackAtZero = client.call(new ShareAcknowledgeRequestData().setGroupId("g2")
                .setMemberId(member).setShareSessionEpoch(0), V1);
            assertThat(Errors.forCode(ackAtZero.errorCode())).isEqualTo(Errors.INVALID_SHARE_SESSION_EPOCH);
            ShareAcknowledgeResponseData ack = client.call(new ShareAcknowledgeRequestData().setGroupId("g2")
                .setMemberId(member).setShareSessionEpoch(2), V1);
            assertThat(ack.errorCode()).isZero();
            assertThat(client.<ShareFetchResponseData>call(fetch("g2", member, 3, topic.id, 0), V1).errorCode())
                .isZero();
        }
    }

    @Test
    void shouldRefuseAcknowledgementsInTheRequestThatOpensASession() throws IOException {
        Topic topic = topicWith("x");
        try (WireClient client = client()) {
            ShareFetchRequestData request = fetch("g3", member(), 0, topic.id, 0);
            acknowledge(request, 0, 0, Acks.ACCEPT);
            assertThat(error(client.call(request, V1))).isEqualTo(Errors.INVALID_REQUEST);
        }
    }

    @Test
    void shouldEndTheSessionAtEpochMinusOneAndReleaseTheMembersRecords() throws IOException {
        Topic topic = topicWith("r0", "r1");
        String member = member();
        try (WireClient client = client()) {
            assertThat(only(client.call(fetch("g4", member, 0, topic.id, 0), V1)).acquiredRecords()).hasSize(1);
            ShareFetchRequestData close = new ShareFetchRequestData().setGroupId("g4").setMemberId(member)
                .setShareSessionEpoch(-1).setMaxWaitMs(0).setMaxBytes(1 << 20).setMaxRecords(500);
            assertThat(client.<ShareFetchResponseData>call(close, V1).errorCode()).isZero();
            assertThat(error(client.call(fetch("g4", member, 1, topic.id, 0), V1)))
                .isEqualTo(Errors.SHARE_SESSION_NOT_FOUND);
            ShareFetchResponseData.PartitionData again = only(client.call(fetch("g4", member(), 0, topic.id, 0), V1));
            assertThat(values(again)).containsExactly("r0", "r1");
            assertThat(again.acquiredRecords().get(0).deliveryCount()).isEqualTo((short) 2);
        }
    }

    @Test
    void shouldStopFetchingAForgottenPartition() throws IOException {
        Topic first = topicWith("one");
        Topic second = topicWith("two");
        String member = member();
        try (WireClient client = client()) {
            ShareFetchRequestData open = fetch("g5", member, 0, first.id, 0);
            addPartition(open, second.id, 0);
            assertThat(client.<ShareFetchResponseData>call(open, V1).responses()).hasSize(2);
            produceTo(first, "one-more");
            produceTo(second, "two-more");
            ShareFetchRequestData forget = emptyFetch("g5", member, 1);
            forget.forgottenTopicsData().add(new ShareFetchRequestData.ForgottenTopic().setTopicId(second.id)
                .setPartitions(new ArrayList<>(List.of(0))));
            ShareFetchResponseData response = client.call(forget, V1);
            assertThat(response.responses()).singleElement()
                .satisfies(t -> assertThat(t.topicId()).isEqualTo(first.id));
            assertThat(values(only(response))).containsExactly("one-more");
        }
    }

    @Test
    void shouldAnswerUnknownTopicIdsAndPartitionsPerPartition() throws IOException {
        Topic topic = topicWith("x");
        try (WireClient client = client()) {
            ShareFetchRequestData request = fetch("g6", member(), 0, Uuid.randomUuid(), 0);
            addPartition(request, topic.id, 7);
            ShareFetchResponseData response = client.call(request, V1);
            assertThat(response.errorCode()).isZero();
            List<Errors> errors = response.responses().stream().flatMap(t -> t.partitions().stream())
                .map(p -> Errors.forCode(p.errorCode())).toList();
            assertThat(errors).containsExactlyInAnyOrder(Errors.UNKNOWN_TOPIC_ID, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Test
    void shouldAnswerUnknownTopicIdOnceTheSessionsTopicIsDeleted() throws IOException {
        Topic topic = topicWith("x");
        String member = member();
        try (WireClient client = client()) {
            assertThat(only(client.call(fetch("g14", member, 0, topic.id, 0), V1)).errorCode()).isZero();
            DeleteTopicsResponseData deleted = client.call(new DeleteTopicsRequestData().setTimeoutMs(10_000)
                .setTopicNames(new ArrayList<>(List.of(topic.name))), (short) 5);
            assertThat(deleted.responses().find(topic.name).errorCode()).isZero();
            ShareFetchResponseData.PartitionData partition = only(client.call(emptyFetch("g14", member, 1), V1));
            assertThat(Errors.forCode(partition.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_ID);
        }
    }

    @Test
    void shouldAnswerMalformedAcknowledgementsWithInvalidRequestForTheirPartition() throws IOException {
        Topic topic = topicWith("x", "y");
        String member = member();
        try (WireClient client = client()) {
            client.call(fetch("g7", member, 0, topic.id, 0), V1);
            ShareFetchRequestData reversed = emptyFetch("g7", member, 1);
            acknowledge(reversed, topic.id, 1, 0, Acks.ACCEPT);
            assertThat(Errors.forCode(only(client.call(reversed, V1)).acknowledgeErrorCode()))
                .isEqualTo(Errors.INVALID_REQUEST);
            ShareFetchRequestData good = emptyFetch("g7", member, 2);
            acknowledge(good, topic.id, 0, 1, Acks.ACCEPT);
            assertThat(only(client.call(good, V1)).acknowledgeErrorCode()).isZero();
        }
    }

    @Test
    void shouldNeverAcquireMoreThanMaxRecordsInRecordLimitMode() throws IOException {
        Topic topic = topicWith("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        try (WireClient client = client()) {
            ShareFetchRequestData request = fetch("g8", member(), 0, topic.id, 0).setMaxRecords(3)
                .setShareAcquireMode((byte) 1);
            ShareFetchResponseData.PartitionData partition = only(client.call(request, V2));
            assertThat(partition.acquiredRecords()).singleElement().satisfies(range -> {
                assertThat(range.firstOffset()).isZero();
                assertThat(range.lastOffset()).isEqualTo(2);
            });
        }
    }

    @Test
    void shouldKeepMaxRecordsForTheWholeResponseInRecordLimitMode() throws IOException {
        Topic first = topicWith("a0", "a1", "a2", "a3", "a4", "a5");
        Topic second = topicWith("b0", "b1", "b2", "b3", "b4", "b5");
        try (WireClient client = client()) {
            ShareFetchRequestData request = fetch("g16", member(), 0, first.id, 0).setMaxRecords(5)
                .setShareAcquireMode((byte) 1);
            addPartition(request, second.id, 0);
            ShareFetchResponseData response = client.call(request, V2);
            long acquired = response.responses().stream().flatMap(t -> t.partitions().stream())
                .flatMap(p -> p.acquiredRecords().stream()).mapToLong(r -> r.lastOffset() - r.firstOffset() + 1).sum();
            assertThat(acquired).isBetween(1L, 5L);
            assertThat(response.responses()).as("both partitions get a share").hasSize(2);
        }
    }

    @Test
    void shouldFetchNothingForARenewOnlyRequest() throws IOException {
        Topic topic = topicWith("x");
        String member = member();
        try (WireClient client = client()) {
            client.call(fetch("g9", member, 0, topic.id, 0), V2);
            produceTo(topic, "y");
            ShareFetchRequestData waiting = emptyFetch("g9", member, 1).setIsRenewAck(true).setMaxWaitMs(5_000);
            acknowledge(waiting, topic.id, 0, 0, Acks.RENEW);
            assertThat(error(client.call(waiting, V2))).as("a renewing fetch must not ask to wait")
                .isEqualTo(Errors.INVALID_REQUEST);
            ShareFetchRequestData renew = emptyFetch("g9", member, 1).setIsRenewAck(true).setMaxBytes(0)
                .setMinBytes(0).setMaxRecords(0);
            acknowledge(renew, topic.id, 0, 0, Acks.RENEW);
            ShareFetchResponseData response = client.call(renew, V2);
            assertThat(only(response).acknowledgeErrorCode()).isZero();
            assertThat(only(response).acquiredRecords()).isEmpty();
        }
    }

    @Test
    void shouldWaitForAnAppendWhenNothingIsAvailable() throws Exception {
        Topic topic = topicWith();
        try (WireClient client = client()) {
            client.setTimeout(20_000);
            int correlationId = client.send(fetch("g10", member(), 0, topic.id, 10_000), V1);
            await().until(() -> broker.waitingShareFetches() == 1);
            long produced = System.nanoTime();
            produceTo(topic, "late");
            WireClient.Response<ShareFetchResponseData> response = client.receive(ApiKeys.SHARE_FETCH, V1);
            assertThat(response.correlationId()).isEqualTo(correlationId);
            assertThat(values(only(response.body()))).containsExactly("late");
            assertThat((System.nanoTime() - produced) / 1_000_000).isLessThan(5_000);
        }
    }

    @Test
    void shouldKeepWhatItAcquiredWhileWaitingForMinBytes() throws Exception {
        Topic topic = topicWith("first");
        try (WireClient client = client()) {
            client.setTimeout(20_000);
            client.send(fetch("g17", member(), 0, topic.id, 1_500).setMinBytes(1 << 20), V1);
            await().until(() -> broker.waitingShareFetches() == 1);
            produceTo(topic, "second");
            ShareFetchResponseData response = client.<ShareFetchResponseData>receive(ApiKeys.SHARE_FETCH, V1).body();
            assertThat(values(only(response))).containsExactly("first", "second");
            assertThat(only(response).acquiredRecords().stream().mapToLong(r -> r.lastOffset() - r.firstOffset() + 1)
                .sum()).as("each record acquired once, each batch sent once").isEqualTo(2);
        }
    }

    @Test
    void shouldWakeAWaitingMemberWhenAnotherReleasesRecords() throws Exception {
        Topic topic = topicWith("only");
        String holder = member();
        try (WireClient first = client(); WireClient second = client()) {
            first.call(fetch("g11", holder, 0, topic.id, 0), V1);
            second.setTimeout(20_000);
            second.send(fetch("g11", member(), 0, topic.id, 10_000), V1);
            await().until(() -> broker.waitingShareFetches() == 1);
            ShareAcknowledgeRequestData release = new ShareAcknowledgeRequestData().setGroupId("g11")
                .setMemberId(holder).setShareSessionEpoch(1);
            release.topics().add(new ShareAcknowledgeRequestData.AcknowledgeTopic().setTopicId(topic.id));
            release.topics().find(topic.id).partitions().add(new ShareAcknowledgeRequestData.AcknowledgePartition()
                .setPartitionIndex(0).setAcknowledgementBatches(new ArrayList<>(List.of(
                    new ShareAcknowledgeRequestData.AcknowledgementBatch().setFirstOffset(0).setLastOffset(0)
                        .setAcknowledgeTypes(new ArrayList<>(List.of(Acks.RELEASE)))))));
            assertThat(first.<ShareAcknowledgeResponseData>call(release, V1).errorCode()).isZero();
            ShareFetchResponseData redelivered = second.<ShareFetchResponseData>receive(ApiKeys.SHARE_FETCH, V1).body();
            assertThat(only(redelivered).acquiredRecords().get(0).deliveryCount()).isEqualTo((short) 2);
        }
    }

    @Test
    void shouldReleaseAMembersRecordsWhenItsConnectionCloses() throws Exception {
        Topic topic = topicWith("held");
        try (WireClient first = client()) {
            assertThat(only(first.call(fetch("g12", member(), 0, topic.id, 0), V1)).acquiredRecords()).hasSize(1);
        }
        try (WireClient second = client()) {
            // Waits (MaxWaitMs) until the closed connection's session has ended and its record is available again.
            ShareFetchResponseData response = second.call(fetch("g12", member(), 0, topic.id, 5_000), V1);
            assertThat(values(only(response))).containsExactly("held");
            assertThat(only(response).acquiredRecords().get(0).deliveryCount()).isEqualTo((short) 2);
        }
    }

    @Test
    void shouldNotAcquireForAWaitingFetchWhoseConnectionClosed() throws Exception {
        Topic topic = topicWith();
        int waitingBefore = broker.waitingShareFetches();
        try (WireClient gone = client()) {
            gone.send(fetch("g15", member(), 0, topic.id, 10_000), V1);
            await().until(() -> broker.waitingShareFetches() == waitingBefore + 1);
        }
        await().until(() -> broker.shareSessions() == 0);
        produceTo(topic, "fresh");
        try (WireClient next = client()) {
            ShareFetchResponseData response = next.call(fetch("g15", member(), 0, topic.id, 5_000), V1);
            assertThat(values(only(response))).containsExactly("fresh");
            assertThat(only(response).acquiredRecords().get(0).deliveryCount()).isEqualTo((short) 1);
        }
    }

    @Test
    void shouldRefuseASessionBeyondGroupShareMaxShareSessions() throws IOException {
        Topic topic = topicWith();
        List<WireClient> clients = new ArrayList<>();
        try {
            Errors last = Errors.NONE;
            for (int i = 0; i < 21 && last == Errors.NONE; i++) {
                WireClient client = client();
                clients.add(client);
                last = error(client.call(fetch("g13", member(), 0, topic.id, 0), V1));
            }
            assertThat(last).isEqualTo(Errors.SHARE_SESSION_LIMIT_REACHED);
        } finally {
            for (WireClient client : clients) {
                client.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static final class Acks {
        static final byte ACCEPT = 1;
        static final byte RELEASE = 2;
        static final byte RENEW = 4;
    }

    private record Topic(String name, Uuid id) {
    }

    private static Topic topicWith(String... values) throws IOException {
        String name = "share-" + TOPICS.incrementAndGet();
        try (WireClient client = client()) {
            MetadataResponseData metadata = client.call(Requests.metadata(true, name), (short) 12);
            Topic topic = new Topic(name, metadata.topics().find(name).topicId());
            if (values.length > 0) {
                produceTo(topic, values);
            }
            return topic;
        }
    }

    private static void produceTo(Topic topic, String... values) throws IOException {
        try (WireClient client = client()) {
            client.call(produce(topic.name, 0, (short) -1, records(System.currentTimeMillis(), values)), (short) 9);
        }
    }

    private static String member() {
        return Uuid.randomUuid().toString();
    }

    private static WireClient client() throws IOException {
        return new WireClient(broker.boundPort());
    }

    private static ShareFetchRequestData emptyFetch(String group, String member, int epoch) {
        return new ShareFetchRequestData().setGroupId(group).setMemberId(member).setShareSessionEpoch(epoch)
            .setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20).setMaxRecords(500).setBatchSize(500);
    }

    private static ShareFetchRequestData fetch(String group, String member, int epoch, Uuid topicId, int maxWaitMs) {
        ShareFetchRequestData request = emptyFetch(group, member, epoch).setMaxWaitMs(maxWaitMs);
        addPartition(request, topicId, 0);
        return request;
    }

    private static void addPartition(ShareFetchRequestData request, Uuid topicId, int partition) {
        ShareFetchRequestData.FetchTopic topic = request.topics().find(topicId);
        if (topic == null) {
            topic = new ShareFetchRequestData.FetchTopic().setTopicId(topicId);
            request.topics().add(topic);
        }
        topic.partitions().add(new ShareFetchRequestData.FetchPartition().setPartitionIndex(partition));
    }

    private static void acknowledge(ShareFetchRequestData request, long first, long last, byte type) {
        ShareFetchRequestData.FetchTopic topic = request.topics().iterator().next();
        acknowledge(request, topic.topicId(), first, last, type);
    }

    private static void acknowledge(ShareFetchRequestData request, Uuid topicId, long first, long last, byte type) {
        if (request.topics().find(topicId) == null || request.topics().find(topicId).partitions().find(0) == null) {
            addPartition(request, topicId, 0);
        }
        request.topics().find(topicId).partitions().find(0).acknowledgementBatches().add(
            new ShareFetchRequestData.AcknowledgementBatch().setFirstOffset(first).setLastOffset(last)
                .setAcknowledgeTypes(new ArrayList<>(List.of(type))));
    }

    private static Errors error(ShareFetchResponseData response) {
        return Errors.forCode(response.errorCode());
    }

    private static ShareFetchResponseData.PartitionData only(ShareFetchResponseData response) {
        assertThat(response.errorCode()).as("top-level error").isZero();
        assertThat(response.responses()).hasSize(1);
        return response.responses().iterator().next().partitions().get(0);
    }

    private static List<String> values(ShareFetchResponseData.PartitionData partition) {
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : ((MemoryRecords) partition.records()).batches()) {
            for (Record record : batch) {
                boolean acquired = partition.acquiredRecords().stream()
                    .anyMatch(r -> r.firstOffset() <= record.offset() && record.offset() <= r.lastOffset());
                if (acquired) {
                    byte[] bytes = new byte[record.valueSize()];
                    record.value().get(bytes);
                    values.add(new String(bytes, StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
