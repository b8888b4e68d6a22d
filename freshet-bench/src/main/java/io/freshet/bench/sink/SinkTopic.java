package io.freshet.bench.sink;

import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.common.Uuid;

/** A topic the sink pretends to have: a name, an id, and per partition the next offset it will hand out. */
final class SinkTopic {

    private final String name;
    private final Uuid id = Uuid.randomUuid();
    private final AtomicLongArray logEndOffsets;

    SinkTopic(String name, int partitions) {
        this.name = name;
        this.logEndOffsets = new AtomicLongArray(partitions);
    }

    String name() {
        return name;
    }

    Uuid id() {
        return id;
    }

    int partitions() {
        return logEndOffsets.length();
    }

    /** @return the base offset for {@code records} records appended to {@code partition}, or -1 if no such partition */
    long reserve(int partition, int records) {
        if (partition < 0 || partition >= logEndOffsets.length()) {
            return -1;
        }
        return logEndOffsets.getAndAdd(partition, records);
    }
}
