package io.freshet.bench.parallel;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.freshet.parallel.OrderedParallelConsumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** One way of consuming: a plain loop, this library, or Confluent's parallel-consumer; each in its own group. */
enum Case {
    PLAIN("plain KafkaConsumer loop", 1) {
        @Override
        AutoCloseable start(Map<String, Object> props, String topic, Tally tally, long workMs) {
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new StringDeserializer());
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread loop = new Thread(() -> {
                consumer.subscribe(List.of(topic));
                try {
                    while (!stop.get()) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                            if (!stop.get()) {
                                tally.handle(record, workMs);
                            }
                        }
                        consumer.commitAsync();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    consumer.close(Duration.ofSeconds(5));
                }
            }, "plain-loop");
            loop.start();
            return () -> {
                stop.set(true);
                loop.join(10_000);
            };
        }
    },
    FRESHET_16("freshet-parallel, 16 threads", 16) {
        @Override
        AutoCloseable start(Map<String, Object> props, String topic, Tally tally, long workMs) {
            return library(props, topic, tally, workMs, threads());
        }
    },
    FRESHET_64("freshet-parallel, 64 threads", 64) {
        @Override
        AutoCloseable start(Map<String, Object> props, String topic, Tally tally, long workMs) {
            return library(props, topic, tally, workMs, threads());
        }
    },
    CONFLUENT_16("Confluent parallel-consumer KEY, 16", 16) {
        @Override
        AutoCloseable start(Map<String, Object> props, String topic, Tally tally, long workMs) {
            return confluent(props, topic, tally, workMs, threads());
        }
    },
    CONFLUENT_64("Confluent parallel-consumer KEY, 64", 64) {
        @Override
        AutoCloseable start(Map<String, Object> props, String topic, Tally tally, long workMs) {
            return confluent(props, topic, tally, workMs, threads());
        }
    };

    private final String label;
    private final int threads;

    Case(String label, int threads) {
        this.label = label;
        this.threads = threads;
    }

    String label() {
        return label;
    }

    int threads() {
        return threads;
    }

    /** Runs in a JVM of its own ({@link ConfluentMain}): parallel-consumer 0.5.3.3 needs kafka-clients 3.x. */
    boolean ownJvm() {
        return this == CONFLUENT_16 || this == CONFLUENT_64;
    }

    abstract AutoCloseable start(Map<String, Object> props, String topic, Tally tally, long workMs) throws Exception;

    private static AutoCloseable library(Map<String, Object> props, String topic, Tally tally, long workMs,
                                         int threads) {
        OrderedParallelConsumer<String, String> consumer = OrderedParallelConsumer
                .builder(props, new StringDeserializer(), new StringDeserializer())
                .topics(topic)
                .concurrency(threads)
                .maxBuffered(10_000)
                .handler(record -> tally.handle(record, workMs))
                .build().start();
        return consumer;
    }

    private static AutoCloseable confluent(Map<String, Object> props, String topic, Tally tally, long workMs,
                                           int threads) {
        throw new UnsupportedOperationException("runs in its own JVM: ConfluentMain");
    }
}
