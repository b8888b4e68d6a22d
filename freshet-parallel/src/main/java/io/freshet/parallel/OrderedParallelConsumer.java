package io.freshet.parallel;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Time;

/**
 * One {@link KafkaConsumer} in a consumer group, its records processed by many threads: records with the same key
 * (in the same partition) one at a time and in offset order, records of different keys in parallel.
 *
 * <pre>{@code
 * OrderedParallelConsumer<String, String> consumer = OrderedParallelConsumer
 *         .builder(props, new StringDeserializer(), new StringDeserializer())   // bootstrap.servers, group.id, ...
 *         .topics("orders")
 *         .concurrency(16)
 *         .maxBuffered(10_000)
 *         .handler(record -> ship(record.key(), record.value()))
 *         .build()
 *         .start();
 * ...
 * consumer.close();
 * }</pre>
 *
 * <p>What it promises:
 * <ul>
 * <li><b>Order</b>: per key within a partition. Records without a key are ordered per partition by default
 *     ({@link NullKeyOrder}). {@code byte[]} keys compare by content.</li>
 * <li><b>Commits</b>: an offset is committed only when its partition's records before it are all done (a
 *     completion watermark), asynchronously every commit interval, synchronously on revoke and on close. After a
 *     crash, a member's successor starts at the watermark: records done after it run again (at least once), none
 *     before it is skipped.</li>
 * <li><b>Rebalances</b>: on revoke, the partition's records are no longer handed out, its queued records are dropped,
 *     the running ones are awaited (up to the revoke timeout), its watermark committed, then the partition leaves.
 *     So no record is lost, and no record runs on two members at once unless a handler outlasts the revoke
 *     timeout. Lost partitions (a member expired) are dropped without a commit.</li>
 * <li><b>Memory</b>: at most {@code maxBuffered} records polled and not done: the consumer pauses every partition
 *     while one more poll ({@code max.poll.records}, lowered to the bound if above it) could pass the bound, and
 *     resumes when there is room. The byte bound pauses once reached, so it may be passed by one poll's bytes.
 *     The KafkaConsumer's own fetch buffer comes on top ({@code fetch.max.bytes}).</li>
 * <li><b>Failures</b>: a handler that throws is tried again on the same thread, up to {@code attempts} times with
 *     a fixed backoff, while its key waits; then the {@link FailureHandler} says {@link FailureHandler.Decision#SKIP
 *     SKIP} or {@link FailureHandler.Decision#STOP STOP} (the default: the consumer stops without committing the
 *     failed record, see {@link #failure()}).</li>
 * </ul>
 *
 * <p>Threads: one poll thread ({@code NAME-poll}, the only one that touches the KafkaConsumer) and
 * {@code concurrency} worker threads ({@code NAME-worker-N}). {@code enable.auto.commit} is forced off.
 */
public final class OrderedParallelConsumer<K, V> implements AutoCloseable {

    private final PollLoop<K, V> loop;
    private final Dispatcher<K, V> dispatcher;
    private final Workers<K, V> workers;
    private final Builder<K, V> settings;
    private final Thread pollThread;
    private boolean started;

    private OrderedParallelConsumer(Builder<K, V> b) {
        this.settings = b;
        Map<String, Object> props = new HashMap<>(b.consumerProps);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        int maxPollRecords = Math.min(b.maxBuffered, props.containsKey(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)
                ? Integer.parseInt(props.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG).toString())
                : ConsumerConfig.DEFAULT_MAX_POLL_RECORDS);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        Consumer<K, V> consumer = b.consumerFactory.apply(props);
        this.dispatcher = new Dispatcher<>(b.nullKeys);
        this.loop = new PollLoop<>(consumer, b.topics, dispatcher, new PollLoop.Settings(maxPollRecords,
                b.maxBuffered, b.maxBufferedBytes, b.commitInterval.toMillis(), b.revokeTimeout.toMillis(),
                b.closeTimeout.toMillis()), b.time);
        this.workers = new Workers<>(dispatcher, b.handler, b.onFailure, b.attempts, b.backoff.toMillis());
        this.pollThread = new Thread(loop, b.threadName + "-poll");
    }

    /** A builder over consumer properties (bootstrap.servers, group.id, group.protocol, ...) and deserializers. */
    public static <K, V> Builder<K, V> builder(Map<String, ?> consumerProps, Deserializer<K> keyDeserializer,
                                               Deserializer<V> valueDeserializer) {
        Objects.requireNonNull(keyDeserializer, "keyDeserializer");
        Objects.requireNonNull(valueDeserializer, "valueDeserializer");
        return new Builder<>(Map.copyOf(consumerProps),
                props -> new KafkaConsumer<>(props, keyDeserializer, valueDeserializer));
    }

    public static <K, V> Builder<K, V> builder(Properties consumerProps, Deserializer<K> keyDeserializer,
                                               Deserializer<V> valueDeserializer) {
        Map<String, Object> props = new HashMap<>();
        consumerProps.stringPropertyNames().forEach(name -> props.put(name, consumerProps.getProperty(name)));
        return builder(props, keyDeserializer, valueDeserializer);
    }

    /** Subscribes and starts the poll thread and the workers; returns this. */
    public synchronized OrderedParallelConsumer<K, V> start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        workers.start(settings.concurrency, settings.threadName);
        pollThread.start();
        return this;
    }

    /** True from start until the poll loop has stopped (close, a STOP failure, or a fatal consumer error). */
    public boolean isRunning() {
        return pollThread.isAlive();
    }

    /**
     * Why the consumer stopped by itself: the last error of a record the failure handler chose to STOP on, or the
     * consumer's own fatal error. Empty while running and after a plain close.
     */
    public Optional<Exception> failure() {
        Exception handler = dispatcher.failure();
        return Optional.ofNullable(handler != null ? handler : loop.loopFailure());
    }

    public ParallelStats stats() {
        return dispatcher.stats(loop.pausedPartitions());
    }

    /** {@link #close(Duration)} with the builder's close timeout. */
    @Override
    public void close() throws InterruptedException {
        close(settings.closeTimeout);
    }

    /**
     * Stops handing out records, waits up to {@code timeout} for the running ones, commits the watermarks, leaves
     * the group and ends the threads. Queued records not yet started are not processed: the next owner gets them.
     */
    public synchronized void close(Duration timeout) throws InterruptedException {
        if (!started) {
            return;
        }
        loop.requestClose(timeout.toMillis());
        // the running records (timeout), then the commit and the consumer's close (timeout again, at most)
        pollThread.join(2 * timeout.toMillis() + 1_000);
        workers.join(timeout.toMillis());
    }

    /** How a consumer is set up; {@link #handler} and {@link #topics} are required. */
    public static final class Builder<K, V> {
        private final Map<String, Object> consumerProps;
        private final Function<Map<String, Object>, Consumer<K, V>> consumerFactory;
        private List<String> topics;
        private RecordHandler<K, V> handler;
        private FailureHandler<K, V> onFailure = FailureHandler.stop();
        private int concurrency = 16;
        private int maxBuffered = 10_000;
        private long maxBufferedBytes = 64L * 1024 * 1024;
        private int attempts = 3;
        private Duration backoff = Duration.ofMillis(100);
        private Duration commitInterval = Duration.ofSeconds(1);
        private Duration revokeTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private NullKeyOrder nullKeys = NullKeyOrder.PARTITION;
        private String threadName = "freshet-parallel";
        private Time time = Time.SYSTEM;

        private Builder(Map<String, ?> consumerProps, Function<Map<String, Object>, Consumer<K, V>> factory) {
            this.consumerProps = new HashMap<>(consumerProps);
            this.consumerFactory = factory;
        }

        public Builder<K, V> topics(String... topics) {
            return topics(List.of(topics));
        }

        public Builder<K, V> topics(Collection<String> topics) {
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("no topics");
            }
            this.topics = List.copyOf(topics);
            return this;
        }

        /** Worker threads: how many records (of different keys) run at once. Default 16. */
        public Builder<K, V> concurrency(int threads) {
            this.concurrency = positive(threads, "concurrency");
            return this;
        }

        /** At most this many records polled and not done (queued and running). Default 10,000. */
        public Builder<K, V> maxBuffered(int records) {
            this.maxBuffered = positive(records, "maxBuffered");
            return this;
        }

        /** Pause once the buffered records' serialized keys and values reach this many bytes. Default 64 MiB. */
        public Builder<K, V> maxBufferedBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxBufferedBytes must be positive: " + bytes);
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        public Builder<K, V> handler(RecordHandler<K, V> handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Runs a throwing handler up to {@code attempts} times, {@code backoff} apart. Default 3, 100 ms. */
        public Builder<K, V> retry(int attempts, Duration backoff) {
            this.attempts = positive(attempts, "attempts");
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** What to do with a record that failed every attempt. Default {@link FailureHandler#stop()}. */
        public Builder<K, V> onFailure(FailureHandler<K, V> onFailure) {
            this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
            return this;
        }

        /** How often the watermarks are committed asynchronously. Default 1 s. */
        public Builder<K, V> commitInterval(Duration interval) {
            this.commitInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * How long a revoke waits for the partition's running records before it commits and lets go anyway. Keep
         * it below {@code max.poll.interval.ms} (the group's rebalance timeout). Default 30 s.
         */
        public Builder<K, V> revokeTimeout(Duration timeout) {
            this.revokeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long {@link #close()} waits for running records, then for the consumer to leave. Default 30 s. */
        public Builder<K, V> closeTimeout(Duration timeout) {
            this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder<K, V> nullKeys(NullKeyOrder order) {
            this.nullKeys = Objects.requireNonNull(order, "order");
            return this;
        }

        /** Prefix of the thread names. Default {@code freshet-parallel}. */
        public Builder<K, V> threadName(String prefix) {
            this.threadName = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** The clock of the commit interval (tests). */
        Builder<K, V> time(Time time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /** Creates the KafkaConsumer (so bad properties fail here); nothing runs before {@link #start()}. */
        public OrderedParallelConsumer<K, V> build() {
            if (topics == null) {
                throw new IllegalStateException("topics(...) is required");
            }
            if (handler == null) {
                throw new IllegalStateException("handler(...) is required");
            }
            return new OrderedParallelConsumer<>(this);
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
