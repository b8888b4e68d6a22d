package io.freshet.bench.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The two queries as a Kafka Streams developer writes them by hand: values bound with Jackson, output
 * records shaped as ksqlDB writes them (the key column in the key only, upper-case names; a windowed key is the key
 * bytes then the 8-byte window start, Kafka Streams' TimeWindowedSerializer). Event time is the record timestamp,
 * which the loader sets to the value's TS. A value that does not parse is skipped, as the SQL engine does.
 */
public final class HandWrittenTopologies {

    /**
     * The window store of the aggregate: in memory as Freshet's SQL engine keeps it; the same with the record cache
     * off, as the engine builds its aggregates (so every update reaches the changelog and the suppression buffer);
     * or Kafka Streams' default, RocksDB.
     */
    public enum Store { IN_MEMORY, IN_MEMORY_NO_CACHE, ROCKSDB }

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration GRACE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HandWrittenTopologies() {
    }

    /** {@code CREATE STREAM hot AS SELECT device, temp FROM readings WHERE temp > 80 EMIT CHANGES;} */
    public static Topology alert(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        readings(builder, input)
            .filter((device, reading) -> reading.temp != null && reading.temp > Readings.HOT)
            .mapValues(reading -> write(JSON.createObjectNode().put("TEMP", reading.temp)))
            .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    /**
     * {@code CREATE TABLE per_minute AS SELECT device, WINDOWSTART AS ws, WINDOWEND AS we, COUNT(*) AS n, SUM(temp)
     * AS total, AVG(temp) AS mean, MIN(temp) AS lo, MAX(temp) AS hi FROM readings WINDOW TUMBLING (SIZE 1 MINUTE,
     * GRACE PERIOD 10 SECONDS) GROUP BY device EMIT FINAL;}
     */
    public static Topology perMinute(String input, String output, Store store) {
        StreamsBuilder builder = new StreamsBuilder();
        Materialized<String, Totals, WindowStore<Bytes, byte[]>> materialized = store == Store.ROCKSDB
            ? Materialized.as("per-minute-store")
            : Materialized.as(Stores.inMemoryWindowStore("per-minute-store", WINDOW.plus(GRACE), WINDOW, false));
        if (store == Store.IN_MEMORY_NO_CACHE) {
            materialized = materialized.withCachingDisabled();
        }
        readings(builder, input)
            .filter((device, reading) -> reading.temp != null)
            .groupByKey()
            .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, GRACE))
            .aggregate(Totals::new, (device, reading, totals) -> totals.add(reading.temp),
                materialized.withKeySerde(Serdes.String()).withValueSerde(Totals.SERDE))
            .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
            .toStream()
            .mapValues((window, totals) -> {
                ObjectNode row = JSON.createObjectNode()
                    .put("WS", window.window().start())
                    .put("WE", window.window().end())
                    .put("N", totals.count)
                    .put("TOTAL", totals.sum)
                    .put("MEAN", totals.sum / totals.count)
                    .put("LO", totals.min)
                    .put("HI", totals.max);
                return write(row);
            })
            .to(output, Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, WINDOW.toMillis()),
                Serdes.ByteArray()));
        return builder.build();
    }

    private static KStream<String, Reading> readings(StreamsBuilder builder, String input) {
        return builder.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .flatMapValues(value -> {
                try {
                    return value == null ? List.of() : List.of(JSON.readValue(value, Reading.class));
                } catch (IOException e) {
                    return List.of();
                }
            });
    }

    private static byte[] write(ObjectNode row) {
        try {
            return JSON.writeValueAsBytes(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
