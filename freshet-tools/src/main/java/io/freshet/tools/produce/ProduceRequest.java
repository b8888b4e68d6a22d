package io.freshet.tools.produce;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.common.header.Header;

/**
 * What {@code freshet produce} was asked to do.
 *
 * @param producerConfig the producer's properties (bootstrap, acks, compression, batching, -X overrides)
 * @param file           the lines to send; empty: standard input
 * @param keySeparator   splits each line into key and value; empty: every line is a value with a null key
 * @param headers        added to every record
 * @param partition      every record to this partition; empty: the producer's partitioner
 */
record ProduceRequest(Properties producerConfig, String topic, Optional<Path> file, Optional<String> keySeparator,
        List<Header> headers, Optional<Integer> partition) {
}
