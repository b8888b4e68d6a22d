package io.freshet.bench.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * A hand-written topology running in this JVM with the settings Freshet's SQL engine gives its queries:
 * exactly_once_v2 (so commit.interval.ms is Kafka Streams' EOS default, 100 ms), one stream thread, the record
 * cache at its default (10 MiB), input read from the earliest offset, a fresh state directory deleted on close.
 */
final class StreamsApp implements AutoCloseable {

    /** What the report says about every hand-written app. */
    static final String SETTINGS = "processing.guarantee=exactly_once_v2 (commit.interval.ms 100, the EOS default),"
        + " num.stream.threads=1, statestore.cache.max.bytes at its default (10 MiB), auto.offset.reset=earliest,"
        + " replication factor 1 for internal topics";

    private final KafkaStreams streams;
    private final Path stateDir;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private StreamsApp(KafkaStreams streams, Path stateDir) {
        this.streams = streams;
        this.stateDir = stateDir;
    }

    static StreamsApp start(String bootstrap, String applicationId, Topology topology) throws IOException {
        Path stateDir = Files.createTempDirectory("sql-bench-streams-");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams streams = new KafkaStreams(topology, props);
        StreamsApp app = new StreamsApp(streams, stateDir);
        streams.setUncaughtExceptionHandler(e -> {
            app.failure.compareAndSet(null, e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                .SHUTDOWN_CLIENT;
        });
        streams.start();
        return app;
    }

    /** Throws if the app died (its stream thread's exception). */
    void check() {
        Throwable e = failure.get();
        if (e != null) {
            throw new IllegalStateException("Kafka Streams app failed: " + e, e);
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        streams.cleanUp();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
