package io.freshet.it;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The Kafka Streams application of {@link StreamsEosTest}, built once for the broker ({@link StreamsAppMain}) and
 * once for {@code TopologyTestDriver} (the oracle). Input: key a device ({@code device-NN}), value an integer reading,
 * the record timestamp its event time. Three branches:
 * <ul>
 * <li>simple: a reading above {@value #ALERT_ABOVE} raises an alert (filter, mapValues);</li>
 * <li>complex: per room (the device's room: a re-key, so a repartition topic), 1-minute tumbling windows of count,
 * sum and average (a windowed store with its compacted changelog). The grace (1 h) is far longer than the input's
 * event-time span, so no record is ever late, whatever order the repartition topic interleaves them in;</li>
 * <li>pure streaming: every reading, re-keyed and converted, to another topic (map).</li>
 * </ul>
 */
final class EosStreamsTopology {

    static final int ALERT_ABOVE = 95;
    static final int ROOMS = 6;

    record Topics(String input, String alerts, String windows, String transformed) {
    }

    private EosStreamsTopology() {
    }

    static Topology build(Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> readings = builder.stream(topics.input(),
                Consumed.with(Serdes.String(), Serdes.String()));

        readings.filter((device, reading) -> Integer.parseInt(reading) > ALERT_ABOVE)
                .mapValues((device, reading) -> "ALERT " + device + " reading " + reading)
                .to(topics.alerts(), Produced.with(Serdes.String(), Serdes.String()));

        readings.groupBy((device, reading) -> roomOf(device), Grouped.with("by-room", Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofHours(1)))
                .aggregate(() -> "0,0", (room, reading, aggregate) -> add(aggregate, Integer.parseInt(reading)),
                        Materialized.<String, String, WindowStore<Bytes, byte[]>>as("room-stats")
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
                .toStream()
                .map((window, aggregate) -> KeyValue.pair(
                        window.key() + "@" + Instant.ofEpochMilli(window.window().start()), describe(aggregate)))
                .to(topics.windows(), Produced.with(Serdes.String(), Serdes.String()));

        readings.map((device, reading) -> KeyValue.pair(device.toUpperCase(Locale.ROOT),
                        "celsius=" + reading + ",fahrenheit=" + (Integer.parseInt(reading) * 9 / 5 + 32)))
                .to(topics.transformed(), Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    static String roomOf(String device) {
        return "room-" + Integer.parseInt(device.substring(device.indexOf('-') + 1)) % ROOMS;
    }

    /** The aggregate is "count,sum". */
    private static String add(String aggregate, int reading) {
        int comma = aggregate.indexOf(',');
        long count = Long.parseLong(aggregate.substring(0, comma)) + 1;
        long sum = Long.parseLong(aggregate.substring(comma + 1)) + reading;
        return count + "," + sum;
    }

    private static String describe(String aggregate) {
        int comma = aggregate.indexOf(',');
        long count = Long.parseLong(aggregate.substring(0, comma));
        long sum = Long.parseLong(aggregate.substring(comma + 1));
        return String.format(Locale.ROOT, "count=%d,sum=%d,avg=%.3f", count, sum, (double) sum / count);
    }
}
