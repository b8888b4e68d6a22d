package io.freshet.it.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

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

/** The Java client (kafka-clients 4.4) on a connection config from {@link SecureBroker#clientConfig}. */
final class JavaClients {

    private JavaClients() {
    }

    static KafkaProducer<String, String> producer(Map<String, Object> connection, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(connection);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    static KafkaConsumer<String, String> consumer(Map<String, Object> connection, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(connection);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    /** Sends {@code count} records "prefix-i" to partition 0 and waits for every acknowledgement. */
    static void produce(Map<String, Object> connection, String topic, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = producer(connection, Map.of())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, 0, "k" + i, prefix + "-" + i)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(20, TimeUnit.SECONDS);
            }
        }
    }

    /** The values of partition 0 from the beginning up to {@code count} records (assign, no group). */
    static List<String> readValues(Map<String, Object> connection, String topic, int count) {
        try (KafkaConsumer<String, String> consumer = consumer(connection, Map.of())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
            return out;
        }
    }

    static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }
}
