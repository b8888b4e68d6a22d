package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients pipeline requests (the Java producer keeps up to 5 in flight): a connection's responses come back in
 * request order, a parked long-poll fetch holds back the answers behind it, and acks=0 produce gets no answer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipeliningTest {

    @RegisterExtension
    static final FreshetExtension freshet = FreshetExtension.perClass();

    @Test
    void shouldAnswerPipelinedRequestsInOrderEvenBehindAParkedFetch() throws Exception {
        String topic = UniqueNames.of("pipelined");
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        try (RawKafkaConnection conn = RawKafkaConnection.openToLeader(freshet.bootstrapServers(), topic, 0)) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(frame(Requests.fetch(topic, 0, 0, 700, 1), Requests.FETCH_VERSION, 1));
            frames.writeBytes(frame(apiVersions(), (short) 3, 2));
            frames.writeBytes(frame(new MetadataRequestData().setTopics(List.of(
                    new MetadataRequestData.MetadataRequestTopic().setName(topic))), (short) 9, 3));
            frames.writeBytes(frame(Requests.produce(topic, 0, batch("fire-and-forget", 1)).setAcks((short) 0),
                    Requests.PRODUCE_VERSION, 4));
            frames.writeBytes(frame(apiVersions(), (short) 3, 5));
            conn.sendBytes(frames.toByteArray());

            List<Integer> correlationIds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                correlationIds.add(conn.readFrame().getInt());
            }
            assertThat(correlationIds).as("responses in request order, none for acks=0").containsExactly(1, 2, 3, 5);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(KafkaClients.endOffsets(freshet.bootstrapServers(), topic))
                        .as("the acks=0 record was appended").containsEntry(new TopicPartition(topic, 0), 1L));
    }

    @Test
    void shouldAnswerPipelinedProducesInOrderWithContiguousOffsets() throws Exception {
        String topic = UniqueNames.of("pipelined-produce");
        KafkaClients.createTopic(freshet.bootstrapServers(), topic, 1);
        int requests = 10;
        try (RawKafkaConnection conn = RawKafkaConnection.openToLeader(freshet.bootstrapServers(), topic, 0)) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            for (int i = 0; i < requests; i++) {
                frames.writeBytes(frame(Requests.produce(topic, 0, batch("batch-" + i, 3)), Requests.PRODUCE_VERSION,
                        100 + i));
            }
            conn.sendBytes(frames.toByteArray());
            for (int i = 0; i < requests; i++) {
                ProduceResponseData response = RawKafkaConnection.decodeResponse(conn.readFrame(), ApiKeys.PRODUCE.id,
                        Requests.PRODUCE_VERSION, 100 + i);
                ProduceResponseData.PartitionProduceResponse p = Requests.singlePartition(response);
                assertThat(Errors.forCode(p.errorCode())).isEqualTo(Errors.NONE);
                assertThat(p.baseOffset()).as("base offset of request %d", i).isEqualTo(3L * i);
            }
        }
        List<String> keys = KafkaClients.readAll(freshet.bootstrapServers(), topic, Duration.ofSeconds(30)).stream()
                .map(r -> r.key()).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            for (int r = 0; r < 3; r++) {
                expected.add("batch-" + i + "/" + r);
            }
        }
        assertThat(keys).containsExactlyElementsOf(expected);
    }

    private static ApiVersionsRequestData apiVersions() {
        return new ApiVersionsRequestData().setClientSoftwareName("freshet-it").setClientSoftwareVersion("1");
    }

    private static MemoryRecords batch(String prefix, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), (prefix + "/" + i).getBytes(StandardCharsets.UTF_8),
                    "v".getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private static byte[] frame(ApiMessage request, short version, int correlationId) {
        byte[] payload = RawKafkaConnection.encodeRequest(request, version, correlationId);
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }
}
