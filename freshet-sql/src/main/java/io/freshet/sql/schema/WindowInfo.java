package io.freshet.sql.schema;

import java.time.Duration;
import java.util.Optional;

/**
 * The window of a windowed table's key (the output of a windowed aggregate). TUMBLING and HOPPING keys are the key
 * bytes then the window start (8 bytes, big-endian); SESSION keys add the window end (Kafka Streams' windowed
 * serdes, as ksqlDB writes them). {@code size} is empty for SESSION.
 */
public record WindowInfo(Type type, Optional<Duration> size) {

    public enum Type { TUMBLING, HOPPING, SESSION }
}
