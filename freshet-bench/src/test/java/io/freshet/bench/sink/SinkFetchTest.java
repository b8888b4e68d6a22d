package io.freshet.bench.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.bench.workload.ClientConfigs;
import io.freshet.bench.workload.ConsumeWorkload;
import io.freshet.bench.workload.Throughput;
import io.freshet.bench.workload.Topics;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sink as the consume ceiling: the Java consumer reads, at contiguous offsets, copies of the first batch. */
class SinkFetchTest {

    private EventLoopGroup group;
    private String bootstrap;

    @BeforeEach
    void start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = ProduceSink.bind(group, 0, false);
        bootstrap = "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully();
    }

    @Test
    void aConsumerReadsCopiesOfThePartitionsFirstBatchAtContiguousOffsetsUpToTheLogEnd() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientConfigs.producer(bootstrap, "1",
            10_000))) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("ceiling", 0, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush(); // one batch of 100: the template
            for (int i = 100; i < 1_000; i++) {
                producer.send(new ProducerRecord<>("ceiling", 0, null, ("w" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(bootstrap))) {
            consumer.assign(List.of(new TopicPartition("ceiling", 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < 1_000 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            assertThat(consumer.position(new TopicPartition("ceiling", 0))).isEqualTo(1_000);
        }
        assertThat(read).hasSize(1_000); // ten copies of the 100-record template: exactly the log end
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).offset()).isEqualTo(i);
            assertThat(new String(read.get(i).value(), StandardCharsets.UTF_8)).isEqualTo("v" + i % 100);
        }
    }

    @Test
    void fetchesBeyondOneRunOfCopiesRewriteTheSameMemoryAtEachNewOffset() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(ClientConfigs.producer(bootstrap, "1",
            10_000))) {
            for (int i = 0; i < 10; i++) { // one batch of 10 x 5,000 B: a run holds 20 copies, 200 offsets
                producer.send(new ProducerRecord<>("big", 0, null, value(i, 5_000)));
            }
            producer.flush();
            for (int i = 10; i < 2_000; i++) { // the log end: ten runs' worth, so one fetch cannot carry it
                producer.send(new ProducerRecord<>("big", 0, null, new byte[1]));
            }
        }
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(bootstrap))) {
            consumer.assign(List.of(new TopicPartition("big", 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int polls = 0;
            while (read.size() < 2_000 && System.nanoTime() < deadline) {
                int before = read.size();
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                polls += read.size() > before ? 1 : 0;
            }
            assertThat(polls).isGreaterThan(1);
        }
        assertThat(read).hasSize(2_000);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).offset()).isEqualTo(i);
            assertThat(read.get(i).value()).isEqualTo(value(i % 10, 5_000));
        }
    }

    private static byte[] value(int i, int size) {
        byte[] value = new byte[size];
        java.util.Arrays.fill(value, (byte) ('a' + i));
        return value;
    }

    @Test
    void theHarnessConsumeWorkloadRunsAgainstIt() throws Exception {
        Topics.create(bootstrap, "harness", 2);
        Map<String, Object> config = ClientConfigs.producer(bootstrap, "1", 10_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < 5_000; i++) {
                producer.send(new ProducerRecord<>("harness", i % 2, null, new byte[100]));
            }
        }
        Throughput result = ConsumeWorkload.run(bootstrap, "harness", 2, 5_000, Duration.ofSeconds(30));

        assertThat(result.records()).isGreaterThanOrEqualTo(5_000);
        assertThat(result.recordsPerSecond()).isPositive();
    }
}
