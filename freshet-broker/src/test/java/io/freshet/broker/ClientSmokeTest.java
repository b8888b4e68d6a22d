package io.freshet.broker;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The official Java client with its default (idempotent, acks=all) producer, then assign + seek to read back. */
@Timeout(60)
class ClientSmokeTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldReadBackEveryRecordTheDefaultProducerWrote() throws Exception {
        try (FreshetBroker broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of(
            "port", "0", "log.dirs", dataDir.toString(), "num.partitions", "2")))) {
            String bootstrap = "127.0.0.1:" + broker.boundPort();
            int count = 2_000;
            Map<Integer, Long> lastOffset = new HashMap<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new StringSerializer())) {
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    sends.add(producer.send(new ProducerRecord<>("smoke", i % 2, "key-" + i, "value-" + i)));
                }
                for (Future<RecordMetadata> send : sends) {
                    RecordMetadata metadata = send.get();
                    lastOffset.merge(metadata.partition(), metadata.offset(), Math::max);
                }
            }
            assertThat(lastOffset).containsEntry(0, (long) count / 2 - 1).containsEntry(1, (long) count / 2 - 1);

            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> partitions = List.of(new TopicPartition("smoke", 0), new TopicPartition("smoke", 1));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<Integer, List<ConsumerRecord<String, String>>> read = new HashMap<>();
                long deadline = System.currentTimeMillis() + 30_000;
                int total = 0;
                while (total < count && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        read.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
                        total++;
                    }
                }
                assertThat(total).isEqualTo(count);
                for (int p = 0; p < 2; p++) {
                    List<ConsumerRecord<String, String>> records = read.get(p);
                    for (int i = 0; i < records.size(); i++) {
                        int n = i * 2 + p;
                        assertThat(records.get(i).offset()).isEqualTo(i);
                        assertThat(records.get(i).key()).isEqualTo("key-" + n);
                        assertThat(records.get(i).value()).isEqualTo("value-" + n);
                    }
                }

                // Replay from an arbitrary offset.
                consumer.seek(partitions.get(1), 700);
                consumer.pause(List.of(partitions.get(0)));
                List<ConsumerRecord<String, String>> replay = new ArrayList<>();
                while (replay.isEmpty() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(replay::add);
                }
                assertThat(replay.get(0).offset()).isEqualTo(700);
                assertThat(replay.get(0).value()).isEqualTo("value-" + (700 * 2 + 1));
            }
        }
    }
}
