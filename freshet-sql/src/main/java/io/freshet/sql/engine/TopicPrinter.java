package io.freshet.sql.engine;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Statement;
import io.freshet.sql.schema.Column;
import io.freshet.sql.session.RowSink;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code PRINT topic [FROM BEGINNING] [INTERVAL n] [LIMIT n]}: the topic's records, one line each as ksqlDB prints
 * them ({@code rowtime: 2026/12/03 10:00:00.000 Z, key: d1, value: {"TEMP":81.5}, partition: 0}), read by a plain
 * consumer (no group) from every partition's start or end. INTERVAL n prints every n-th record; LIMIT counts
 * printed records. Keys and values that are not text print as hex.
 */
final class TopicPrinter {

    /** The single column a PRINT's rows have (one formatted line each). */
    static final Column RECORD = RowSink.PRINT_RECORD;
    private static final DateTimeFormatter ROWTIME =
        DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS 'Z'").withZone(ZoneOffset.UTC);

    private TopicPrinter() {
    }

    static long run(Statement.Print print, RowSink rows, Map<String, Object> clientConfig, ClusterTopics topics) {
        String topic = print.topic();
        OptionalInt partitions = topics.partitions(topic);
        if (partitions.isEmpty() && topics.partitions(topic.toUpperCase()).isPresent()) {
            topic = topic.toUpperCase();
            partitions = topics.partitions(topic);
        }
        if (partitions.isEmpty()) {
            throw new SqlException(print.position(), "Could not find topic '" + print.topic()
                + "'. Topic names are case-sensitive.");
        }
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions.getAsInt(); p++) {
            assigned.add(new TopicPartition(topic, p));
        }
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        int interval = Math.max(1, print.interval().orElse(1));
        long limit = print.limit().isPresent() ? print.limit().getAsInt() : Long.MAX_VALUE;
        rows.header(List.of(RECORD));
        long seen = 0;
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(assigned);
            if (print.fromBeginning()) {
                consumer.seekToBeginning(assigned);
            } else {
                consumer.seekToEnd(assigned);
                assigned.forEach(consumer::position);
            }
            while (printed < limit && !rows.cancelled()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (seen++ % interval != 0) {
                        continue;
                    }
                    rows.row(List.of(format(record)));
                    if (++printed >= limit) {
                        break;
                    }
                }
            }
        }
        return printed;
    }

    static String format(ConsumerRecord<byte[], byte[]> record) {
        return "rowtime: " + ROWTIME.format(Instant.ofEpochMilli(record.timestamp())) + ", key: "
            + bytes(record.key()) + ", value: " + bytes(record.value()) + ", partition: " + record.partition();
    }

    private static String bytes(byte[] data) {
        if (data == null) {
            return "<null>";
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
            if (text.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // not text: hex below
        }
        return "0x" + HexFormat.of().formatHex(data).toUpperCase();
    }
}
