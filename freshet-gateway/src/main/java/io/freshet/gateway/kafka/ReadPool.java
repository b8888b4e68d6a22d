package io.freshet.gateway.kafka;

import io.freshet.gateway.LogRecord;
import io.freshet.gateway.ReadResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The reads of a {@link KafkaEventLog}: a few threads ({@code freshet-gateway-read-N}), each owning one
 * {@code read_committed} consumer without a group (assign + seek + poll), so a read never runs on its caller's thread.
 * A partition is always read by the same thread, so a reader that goes on where its last read stopped finds the
 * consumer already there (no seek, the next fetch perhaps already buffered).
 *
 * <p>A read returns what one poll gave, cut after about {@code maxBytes} (at least one record), and as
 * {@code nextOffset} the consumer's position past the last record it looked at: past control batches and aborted
 * records too, as the embedded log's reads do. A read that finds nothing in {@link #MAX_WAIT} returns no record at
 * the offset it was given.
 */
final class ReadPool implements AutoCloseable {

    /** How long a read waits for records the watcher said were there before it returns none. */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL_STEP = Duration.ofMillis(50);

    private final List<Reader> readers = new ArrayList<>();

    ReadPool(int threads, Supplier<Consumer<byte[], byte[]>> consumers) {
        for (int i = 0; i < threads; i++) {
            readers.add(new Reader(consumers.get(), i));
        }
    }

    CompletableFuture<ReadResult> read(TopicPartition tp, long offset, int maxBytes) {
        Reader reader = readers.get(Math.floorMod(tp.hashCode(), readers.size()));
        return reader.read(tp, offset, maxBytes);
    }

    @Override
    public void close() {
        readers.forEach(Reader::close);
    }

    /** One thread and its consumer; the consumer and the position fields are confined to that thread. */
    private static final class Reader {
        private final Consumer<byte[], byte[]> consumer;
        private final ExecutorService thread;
        private TopicPartition assigned;
        private long position = -1;

        Reader(Consumer<byte[], byte[]> consumer, int index) {
            this.consumer = consumer;
            this.thread = Executors.newSingleThreadExecutor(runnable -> {
                Thread t = new Thread(runnable, "freshet-gateway-read-" + index);
                t.setDaemon(true);
                return t;
            });
        }

        CompletableFuture<ReadResult> read(TopicPartition tp, long offset, int maxBytes) {
            CompletableFuture<ReadResult> result = new CompletableFuture<>();
            try {
                thread.execute(() -> {
                    try {
                        result.complete(readNow(tp, offset, maxBytes));
                    } catch (RuntimeException e) {
                        position = -1; // the consumer's state for it is unknown now: seek next time
                        result.completeExceptionally(KafkaErrors.unwrap(e));
                    }
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new KafkaException("the gateway's event log is closed"));
            }
            return result;
        }

        private ReadResult readNow(TopicPartition tp, long offset, int maxBytes) {
            if (!tp.equals(assigned)) {
                consumer.assign(List.of(tp));
                assigned = tp;
                position = -1;
            }
            if (position != offset) {
                consumer.seek(tp, offset);
            }
            long deadline = System.nanoTime() + MAX_WAIT.toNanos();
            List<LogRecord> records = new ArrayList<>();
            long next = offset;
            while (true) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL_STEP);
                next = take(polled.records(tp), maxBytes, records);
                if (!records.isEmpty()) {
                    break;
                }
                next = consumer.position(tp);
                if (next != offset || System.nanoTime() - deadline > 0) {
                    break; // only control batches or aborted records were there, or nothing came
                }
            }
            // Cut short by maxBytes: the consumer is past next, so the read that continues there seeks.
            position = next == consumer.position(tp) ? next : -1;
            return new ReadResult(records, next);
        }

        /**
         * Takes records until about {@code maxBytes}; returns where the next read starts: after the last one taken
         * when some were left behind, else the consumer's position.
         */
        private long take(List<ConsumerRecord<byte[], byte[]>> polled, int maxBytes, List<LogRecord> into) {
            long bytes = 0;
            for (ConsumerRecord<byte[], byte[]> record : polled) {
                if (!into.isEmpty() && bytes >= maxBytes) {
                    return record.offset();
                }
                into.add(new LogRecord(new TopicPartition(record.topic(), record.partition()), record.offset(),
                    record.timestamp(), record.key(), record.value(), headers(record.headers().toArray())));
                bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
            }
            return into.isEmpty() ? -1 : consumer.position(into.get(0).partition());
        }

        private static List<Header> headers(Header[] headers) {
            if (headers.length == 0) {
                return List.of();
            }
            List<Header> copies = new ArrayList<>(headers.length);
            for (Header header : headers) {
                copies.add(new RecordHeader(header.key(), header.value()));
            }
            return List.copyOf(copies);
        }

        void close() {
            thread.execute(() -> consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(
                Duration.ofSeconds(1))));
            thread.shutdown();
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
