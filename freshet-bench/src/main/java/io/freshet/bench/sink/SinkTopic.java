package io.freshet.bench.sink;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.common.Uuid;

/**
 * A topic the sink pretends to have: a name, an id, and per partition the next offset it will hand out and the first
 * record batch produced to it, laid out as a run of copies in direct memory (fetches are answered with a prefix of
 * that run, written to the socket without another copy: {@link SinkFetch}). So the sink stores about a fetch's worth
 * of bytes per partition, whatever was produced.
 */
final class SinkTopic {

    private final String name;
    private final Uuid id = Uuid.randomUuid();
    private final AtomicLongArray logEndOffsets;
    private final AtomicReferenceArray<Template> templates;

    /**
     * A partition's first batch, repeated: {@code run} holds {@code copies} copies of the {@code batchSize}-byte
     * batch back to back, each spanning {@code offsets} offsets. Fetches rewrite the copies' base offsets in place,
     * so one fetch at a time may use a partition's run: each consumer waits for a node's answer before its next
     * fetch, and the harness reads a topic with one consumer.
     */
    record Template(ByteBuffer run, int batchSize, int offsets, int copies) {
    }

    /** How many bytes of copies a run holds: the consumer's default max.partition.fetch.bytes, 1 MiB. */
    static final int RUN_BYTES = 1 << 20;

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

    /** Keeps a run of copies of {@code batch} as the partition's template unless it has one. */
    void offerTemplate(int partition, ByteBuffer batch, int offsets) {
        if (partition >= 0 && partition < templates.length() && templates.get(partition) == null) {
            int size = batch.remaining();
            int copies = Math.max(1, RUN_BYTES / size);
            ByteBuffer run = ByteBuffer.allocateDirect(copies * size);
            for (int i = 0; i < copies; i++) {
                run.put(batch.duplicate());
            }
            templates.compareAndSet(partition, null, new Template(run.flip(), size, offsets, copies));
        }
    }

    Template template(int partition) {
        return partition < 0 || partition >= templates.length() ? null : templates.get(partition);
    }
}
