package io.freshet.http.console;

import io.freshet.http.error.RestException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /console/api/topics/{topic}/messages}: reads records with a lane's consumer ({@code assign} and
 * {@code seek}, no group, so nothing is committed and no group appears). Each partition is read from its start
 * point up to {@code limit} records (or its end as it was when the read began); the records of all partitions are
 * sorted by (timestamp, partition, offset) and the first {@code limit} kept, or the last {@code limit} for "the
 * newest". The read gives up after {@value #READ_BUDGET_MS} ms and answers what it has.
 */
final class MessageBrowser {

    record HeaderView(String key, Payloads.Payload value) {
    }

    record MessageView(int partition, long offset, long timestamp, Payloads.Payload key, Payloads.Payload value,
                       List<HeaderView> headers) {
    }

    static final long READ_BUDGET_MS = 5_000;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Comparator<ConsumerRecord<byte[], byte[]>> ORDER =
        Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
            .thenComparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset);

    private final ConsoleClients clients;

    MessageBrowser(ConsoleClients clients) {
        this.clients = clients;
    }

    CompletableFuture<Map<String, Object>> browse(BrowseRequest request) {
        return clients.withConsumer(consumer -> {
            try {
                return Map.of("messages", read(consumer, request).stream().map(MessageBrowser::view).toList());
            } finally {
                consumer.assign(List.of());
            }
        });
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(KafkaConsumer<byte[], byte[]> consumer,
                                                            BrowseRequest request) {
        List<TopicPartition> partitions = partitions(consumer, request);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, ConsoleClients.TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, ConsoleClients.TIMEOUT);
        Map<TopicPartition, Long> from = startPoints(consumer, request, partitions, begin, end);
        Map<TopicPartition, Long> until = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long stop = request.offset().isPresent() || request.timestamp().isPresent()
                ? Math.min(end.get(tp), from.get(tp) + request.limit()) : end.get(tp);
            if (from.get(tp) < stop) {
                until.put(tp, stop);
            }
        }
        List<ConsumerRecord<byte[], byte[]>> records = poll(consumer, from, until);
        records.sort(ORDER);
        boolean newest = request.offset().isEmpty() && request.timestamp().isEmpty();
        int size = records.size();
        return newest ? records.subList(Math.max(0, size - request.limit()), size)
            : records.subList(0, Math.min(size, request.limit()));
    }

    /** The topic's partitions (or the one asked for); 404 for an unknown topic or partition. */
    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, BrowseRequest request) {
        List<PartitionInfo> infos = consumer.partitionsFor(request.topic(), ConsoleClients.TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw RestException.notFound("Topic not found: " + request.topic());
        }
        List<TopicPartition> all = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
            .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        if (request.partition().isEmpty()) {
            return all;
        }
        TopicPartition wanted = new TopicPartition(request.topic(), request.partition().getAsInt());
        if (!all.contains(wanted)) {
            throw RestException.notFound("Partition not found: " + wanted);
        }
        return List.of(wanted);
    }

    private static Map<TopicPartition, Long> startPoints(KafkaConsumer<byte[], byte[]> consumer,
                                                         BrowseRequest request, List<TopicPartition> partitions,
                                                         Map<TopicPartition, Long> begin,
                                                         Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> from = new HashMap<>();
        if (request.timestamp().isPresent()) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, request.timestamp().getAsLong()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, ConsoleClients.TIMEOUT);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp at = found.get(tp);
                from.put(tp, at == null ? end.get(tp) : at.offset());
            }
        } else {
            for (TopicPartition tp : partitions) {
                long start = request.offset().isPresent() ? request.offset().getAsLong()
                    : end.get(tp) - request.limit();
                from.put(tp, Math.max(begin.get(tp), start));
            }
        }
        return from;
    }

    /**
     * Reads each partition of {@code until} from its start point until the consumer's position reaches the stop
     * offset (positions, not record offsets: transaction markers and aborted records leave gaps), or the budget ends.
     */
    private static List<ConsumerRecord<byte[], byte[]>> poll(KafkaConsumer<byte[], byte[]> consumer,
                                                            Map<TopicPartition, Long> from,
                                                            Map<TopicPartition, Long> until) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        if (until.isEmpty()) {
            return records;
        }
        consumer.assign(until.keySet());
        until.keySet().forEach(tp -> consumer.seek(tp, from.get(tp)));
        Set<TopicPartition> reading = new HashSet<>(until.keySet());
        long deadline = System.nanoTime() + Duration.ofMillis(READ_BUDGET_MS).toNanos();
        while (!reading.isEmpty() && System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> record : polled) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (reading.contains(tp) && record.offset() < until.get(tp)) {
                    records.add(record);
                }
            }
            List<TopicPartition> done = reading.stream()
                .filter(tp -> consumer.position(tp, ConsoleClients.TIMEOUT) >= until.get(tp)).toList();
            if (!done.isEmpty()) {
                done.forEach(reading::remove);
                consumer.pause(done);
            }
        }
        return records;
    }

    private static MessageView view(ConsumerRecord<byte[], byte[]> record) {
        List<HeaderView> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new HeaderView(header.key(), Payloads.of(header.value())));
        }
        return new MessageView(record.partition(), record.offset(), record.timestamp(), Payloads.of(record.key()),
            Payloads.of(record.value()), headers);
    }
}
