package io.freshet.tools.produce;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/** Turns one input line into a record: key and value split at the first separator, the headers of every record. */
final class LineRecords {

    private final String topic;
    private final Optional<String> keySeparator;
    private final List<Header> headers;
    private final Integer partition;
    private final long headerBytes;

    LineRecords(ProduceRequest request) {
        this.topic = request.topic();
        this.keySeparator = request.keySeparator();
        this.headers = request.headers();
        this.partition = request.partition().orElse(null);
        this.headerBytes = headers.stream().mapToLong(h -> h.key().length() + h.value().length).sum();
    }

    ProducerRecord<byte[], byte[]> toRecord(String line) {
        byte[] key = null;
        String value = line;
        if (keySeparator.isPresent()) {
            int at = line.indexOf(keySeparator.get());
            if (at >= 0) {
                key = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
                value = line.substring(at + keySeparator.get().length());
            }
        }
        return new ProducerRecord<>(topic, partition, key, value.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** The bytes a record carries, as the summary counts them: key, value and headers. */
    long size(ProducerRecord<byte[], byte[]> record) {
        return (record.key() == null ? 0 : record.key().length) + record.value().length + headerBytes;
    }
}
