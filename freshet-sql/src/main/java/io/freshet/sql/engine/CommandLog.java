package io.freshet.sql.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader of the command topic that keeps a {@link MetaStoreState} at its end: {@link #catchUp} applies every
 * command not yet applied, in offset order, with {@link CommandApplier}. Appending goes through {@link #append}.
 * Not thread-safe: one owner (the engine thread, or the sessions under the engine's submit lock).
 */
final class CommandLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandLog.class);
    private static final TopicPartition PARTITION = new TopicPartition(ClusterTopics.COMMAND_TOPIC, 0);

    /** One applied command, for the caller to act on (start or stop a query, answer a submitter). */
    record Applied(long offset, Command command, CommandOutcome outcome) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Object> producerConfig;
    private KafkaProducer<byte[], byte[]> producer;
    private final MetaStoreState state = new MetaStoreState();

    CommandLog(Map<String, Object> clientConfig) {
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(PARTITION));
        consumer.seekToBeginning(List.of(PARTITION));
        this.producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    MetaStoreState state() {
        return state;
    }

    /** Applies every command up to the topic's current end. */
    List<Applied> catchUp() {
        long end = consumer.endOffsets(List.of(PARTITION), Duration.ofSeconds(30)).get(PARTITION);
        return readUntil(end, Duration.ofMillis(100));
    }

    /** Applies what arrives within {@code wait} (at least what is already there). */
    List<Applied> follow(Duration wait) {
        return readUntil(-1, wait);
    }

    private List<Applied> readUntil(long end, Duration pollTimeout) {
        List<Applied> applied = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout)) {
                if (record.offset() < state.nextOffset()) {
                    continue;
                }
                applied.add(apply(record));
            }
            if (end < 0) {
                return applied;
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaException("cannot read " + ClusterTopics.COMMAND_TOPIC + " to offset " + end
                    + " (at " + consumer.position(PARTITION) + ")");
            }
        } while (consumer.position(PARTITION) < end);
        state.advanceTo(Math.max(state.nextOffset(), end));
        return applied;
    }

    private Applied apply(ConsumerRecord<byte[], byte[]> record) {
        Command command;
        try {
            command = Command.fromBytes(record.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping command at offset {} of {}: {}", record.offset(), ClusterTopics.COMMAND_TOPIC,
                e.getMessage());
            state.advanceTo(record.offset() + 1);
            return new Applied(record.offset(), new Command("", Map.of()), new CommandOutcome.Rejected(
                new io.freshet.sql.SqlException(io.freshet.sql.ast.Position.UNKNOWN, e.getMessage())));
        }
        return new Applied(record.offset(), command, CommandApplier.apply(state, record.offset(), command));
    }

    /** Appends a command; returns its offset once the cluster has it. */
    long append(Command command) {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        }
        try {
            return producer.send(new ProducerRecord<>(ClusterTopics.COMMAND_TOPIC, 0, null, command.toBytes()))
                .get(30, TimeUnit.SECONDS).offset();
        } catch (ExecutionException e) {
            throw new KafkaException("cannot append to " + ClusterTopics.COMMAND_TOPIC + ": "
                + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted appending to " + ClusterTopics.COMMAND_TOPIC, e);
        } catch (TimeoutException e) {
            throw new KafkaException("timed out appending to " + ClusterTopics.COMMAND_TOPIC, e);
        }
    }

    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
