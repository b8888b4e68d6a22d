package io.freshet.tools.bench;

import java.util.Optional;
import java.util.Properties;

/** What {@code freshet bench} was asked to run. */
sealed interface BenchRequest {

    String topic();

    boolean json();

    /**
     * {@code bench produce}.
     *
     * @param size        value bytes per record
     * @param ratePerSec  records per second to aim at; 0: as fast as the producer goes
     * @param keys        distinct keys to cycle through; 0: null keys (the sticky partitioner)
     * @param partitions  for a topic that does not exist yet; empty: the broker's default
     */
    record Produce(Properties producerConfig, String topic, long records, int size, long ratePerSec, int keys,
            Optional<Integer> partitions, boolean json) implements BenchRequest {
    }

    /** {@code bench consume}: {@code records} from the beginning; empty: every record there is when it starts. */
    record Consume(Properties consumerConfig, String topic, Optional<Long> records, boolean json)
            implements BenchRequest {
    }
}
