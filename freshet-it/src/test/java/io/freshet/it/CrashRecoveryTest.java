package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetOnly;
import io.freshet.testkit.FreshetProcess;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broker in its own JVM is killed with SIGKILL several times while an acks=all idempotent producer (default
 * config) sends a bounded, numbered stream; after each restart (same directory, same port) every record acknowledged
 * before the kill is present exactly once and in order. Unacknowledged records may or may not be there, never twice.
 */
@FreshetOnly("kill -9 of a Freshet process and recovery of its own data directory")
class CrashRecoveryTest {

    private static final String TOPIC = "crash";
    private static final int PARTITIONS = 3;
    private static final int MAX_RECORDS = 200_000;
    private static final int RECORDS_PER_SECOND = 5_000;
    private static final int KILLS = 4;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldKeepEveryAcknowledgedRecordExactlyOnceAndInOrderAcrossKills() throws Exception {
        Path dataDir = DataDirs.create("crash");
        int port = FreshetProcess.freePort();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.printf("crash test: data dir %s, port %d, seed %d%n", dataDir, port, seed);
        String bootstrap = "127.0.0.1:" + port;

        FreshetProcess broker = FreshetProcess.start(dataDir, port, Map.of());
        NumberedStream stream = new NumberedStream(bootstrap, TOPIC, MAX_RECORDS, RECORDS_PER_SECOND, 0, Map.of());
        Thread producerThread = new Thread(stream, "numbered-stream-producer");
        try {
            // 1 MiB segments (Kafka's minimum): the stream rolls several, so recovery and index lookups span segments.
            KafkaClients.createTopic(bootstrap, TOPIC, PARTITIONS, Map.of("segment.bytes", "1048576",
                    "index.interval.bytes", "1024"));
            producerThread.start();
            for (int kill = 1; kill <= KILLS; kill++) {
                Thread.sleep(1_000 + random.nextInt(2_500));
                BitSet ackedBeforeKill = stream.acked();
                assertThat(stream.sent()).as("the stream is still running at kill %d", kill).isLessThan(MAX_RECORDS);
                broker.kill();
                System.out.printf("kill %d: pid %d killed with %d records acknowledged, %d sent%n", kill, broker.pid(),
                        ackedBeforeKill.cardinality(), stream.sent());
                broker = FreshetProcess.start(dataDir, port, Map.of());
                Check check = verify(bootstrap, ackedBeforeKill);
                System.out.printf("after restart %d: acked before kill %d, present %d, lost 0%n", kill,
                        ackedBeforeKill.cardinality(), check.present);
            }
            Thread.sleep(1_000);
            stream.stop();
            producerThread.join(TimeUnit.SECONDS.toMillis(90));
            assertThat(producerThread.isAlive()).as("producer finished").isFalse();

            BitSet acked = stream.acked();
            Check finalCheck = verify(bootstrap, acked);
            assertLookupsLand(bootstrap, finalCheck.records, random);
            System.out.printf("crash test final: sent %d, acked %d, failed %d, present %d, unacked but present %d,"
                            + " lost 0, duplicates 0, producers %d%n", stream.sent(), acked.cardinality(),
                    stream.failed(), finalCheck.present, finalCheck.present - acked.cardinality(), stream.producers());
            assertThat(acked.cardinality()).as("the producer made progress").isGreaterThan(1_000);
        } catch (Throwable failure) {
            System.err.printf("crash test failed: data kept in %s, broker log %s%n", dataDir, broker.logFile());
            throw failure;
        } finally {
            stream.stop();
            producerThread.join(TimeUnit.SECONDS.toMillis(30));
            broker.kill();
        }
        DataDirs.deleteRecursively(dataDir);
        java.nio.file.Files.deleteIfExists(broker.logFile());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldAnswerABatchRetriedAfterAKillWithItsOriginalOffsetAndAppendItOnce() throws Exception {
        Path dataDir = DataDirs.create("crash-retry");
        int port = FreshetProcess.freePort();
        String bootstrap = "127.0.0.1:" + port;
        String topic = "crash-retry";
        FreshetProcess broker = FreshetProcess.start(dataDir, port, Map.of());
        try {
            KafkaClients.createTopic(bootstrap, topic, 1);
            byte[] first;
            byte[] last;
            long producerId;
            short epoch;
            try (RawKafkaConnection conn = RawKafkaConnection.open(port)) {
                InitProducerIdResponseData init = Requests.initProducerId(conn);
                assertThat(Errors.forCode(init.errorCode())).isEqualTo(Errors.NONE);
                producerId = init.producerId();
                epoch = init.producerEpoch();
                first = RawKafkaConnection.encodeRequest(Requests.produce(topic, 0,
                        RestartTest.idempotentBatch(producerId, epoch, 0, 4)), Requests.PRODUCE_VERSION, 9);
                last = RawKafkaConnection.encodeRequest(Requests.produce(topic, 0,
                        RestartTest.idempotentBatch(producerId, epoch, 4, 2)), Requests.PRODUCE_VERSION, 9);
                assertBaseOffset(conn.sendFrame(first), 0);
                assertBaseOffset(conn.sendFrame(last), 4);
            }

            broker.kill(); // no clean-shutdown marker, no producer-state snapshot written on the way out
            broker = FreshetProcess.start(dataDir, port, Map.of());

            try (RawKafkaConnection conn = RawKafkaConnection.open(port)) {
                // The realistic retry: the last batch, whose answer the crash swallowed.
                assertBaseOffset(conn.sendFrame(last), 4);
                // An older one: Kafka 4.4 answers OUT_OF_ORDER_SEQUENCE_NUMBER after a kill (its rebuilt producer
                // state keeps only the last batch); its original offset is better. Appending it again never is.
                ProduceResponseData.PartitionProduceResponse older = Requests.singlePartition(
                        RawKafkaConnection.decodeResponse(conn.sendFrame(first), ApiKeys.PRODUCE.id,
                                Requests.PRODUCE_VERSION, 9));
                if (older.errorCode() == Errors.NONE.code()) {
                    assertThat(older.baseOffset()).as("older batch retried after the kill").isZero();
                } else {
                    assertThat(Errors.forCode(older.errorCode())).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
                }
                ProduceResponseData.PartitionProduceResponse next = Requests.produce(conn, topic, 0,
                        RestartTest.idempotentBatch(producerId, epoch, 6, 1));
                assertThat(Errors.forCode(next.errorCode())).as("the sequence continues after the kill")
                        .isEqualTo(Errors.NONE);
                assertThat(next.baseOffset()).isEqualTo(6);
            }
            List<String> keys = KafkaClients.readAll(bootstrap, topic, Duration.ofSeconds(30)).stream()
                    .map(ConsumerRecord::key).toList();
            assertThat(keys).containsExactly("idem-0", "idem-1", "idem-2", "idem-3", "idem-4", "idem-5", "idem-6");
        } catch (Throwable failure) {
            System.err.printf("crash retry test failed: data kept in %s, broker log %s%n", dataDir, broker.logFile());
            throw failure;
        } finally {
            broker.kill();
        }
        DataDirs.deleteRecursively(dataDir);
        java.nio.file.Files.deleteIfExists(broker.logFile());
    }

    private static void assertBaseOffset(java.nio.ByteBuffer responseFrame, long expected) {
        ProduceResponseData.PartitionProduceResponse p = Requests.singlePartition(RawKafkaConnection.decodeResponse(
                responseFrame, ApiKeys.PRODUCE.id, Requests.PRODUCE_VERSION, 9));
        assertThat(Errors.forCode(p.errorCode())).as("produce error (%s)", p.errorMessage()).isEqualTo(Errors.NONE);
        assertThat(p.baseOffset()).as("base offset").isEqualTo(expected);
    }

    private record Check(int present, List<ConsumerRecord<String, String>> records) {
    }

    /** Seeks to sampled offsets and timestamps: the offset and time indexes rebuilt after the kills must agree. */
    private static void assertLookupsLand(String bootstrap, List<ConsumerRecord<String, String>> all, Random random) {
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = JavaClientRoundTripTest.byPartition(all);
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(bootstrap)) {
            for (int sample = 0; sample < 60; sample++) {
                List<ConsumerRecord<String, String>> partition = byPartition.get(sample % PARTITIONS);
                ConsumerRecord<String, String> target = partition.get(random.nextInt(partition.size()));
                TopicPartition tp = new TopicPartition(TOPIC, target.partition());
                consumer.assign(List.of(tp));
                consumer.seek(tp, target.offset());
                ConsumerRecord<String, String> first = KafkaClients.readUntil(consumer, Map.of(tp, target.offset() + 1),
                        Duration.ofSeconds(30)).get(0);
                assertThat(first.offset()).isEqualTo(target.offset());
                assertThat(first.value()).as("value at %s@%d", tp, target.offset()).isEqualTo(target.value());

                if (sample % 3 == 0) {
                    ConsumerRecord<String, String> expected = partition.stream()
                            .filter(r -> r.timestamp() >= target.timestamp()).findFirst().orElseThrow();
                    OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(tp, target.timestamp()),
                            Duration.ofSeconds(30)).get(tp);
                    assertThat(found).isNotNull();
                    assertThat(found.offset()).as("offset for timestamp %d on %s", target.timestamp(), tp)
                            .isEqualTo(expected.offset());
                }
            }
        }
    }

    /** Reads everything: acknowledged records all present, each value once, increasing within each partition. */
    private static Check verify(String bootstrap, BitSet acked) {
        List<ConsumerRecord<String, String>> all = KafkaClients.readAll(bootstrap, TOPIC, Duration.ofSeconds(60));
        BitSet present = new BitSet();
        assertThat(NumberedStream.problems(all, acked, present)).as("problems in the log after a crash").isEmpty();
        return new Check(present.cardinality(), all);
    }
}
