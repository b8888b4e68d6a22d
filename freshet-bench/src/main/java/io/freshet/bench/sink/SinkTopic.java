package io.freshet.bench.sink;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.common.Uuid;

/**
 * A topic the sink pretends to have: a name, an id, and per partition the next offset it will hand out and the first
 * record batch produced to it (its template: fetches are answered with copies of it, so the sink stores one batch
 * per partition whatever was produced).
 */
final class SinkTopic {

    private final String name;
    private final Uuid id = Uuid.randomUuid();
    private final AtomicLongArray logEndOffsets;
    private final AtomicReferenceArray<Template> templates;

    /** A record batch's bytes, read only, and how many offsets it spans. */
    record Template(ByteBuffer batch, int offsets) {
    }

    SinkTopic(String name, int partitions) {
        this.name = name;
        this.logEndOffsets = new AtomicLongArray(partitions);
        this.templates = new AtomicReferenceArray<>(partitions);
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

    long logEndOffset(int partition) {
        return partition < 0 || partition >= logEndOffsets.length() ? -1 : logEndOffsets.get(partition);
    }

    /** Keeps {@code batch} (copied) as the partition's template unless it has one. */
    void offerTemplate(int partition, ByteBuffer batch, int offsets) {
        if (partition >= 0 && partition < templates.length() && templates.get(partition) == null) {
            ByteBuffer copy = ByteBuffer.allocate(batch.remaining()).put(batch.duplicate());
            templates.compareAndSet(partition, null, new Template(copy.flip().asReadOnlyBuffer(), offsets));
        }
    }

    Template template(int partition) {
        return partition < 0 || partition >= templates.length() ? null : templates.get(partition);
    }
}
