package io.freshet.http.v2;

import io.freshet.http.error.RestException;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The REST v2 consumer instances of this listener, by group and name, and the threads they run on.
 *
 * <pre>
 *   http-consumer-N   (2 x cores, at least 4) every KafkaConsumer call: each instance's calls one at a time
 *                     (SerialExecutor), a read in slices of 100 ms, so N busy instances share N threads fairly
 *   http-consumer-timer  every 500 ms: closes instances idle for http.consumer.instance.timeout.ms (on the
 *                     injected clock) and asks the others for a keep-alive poll (rebalances go on between reads)
 *   plus each KafkaConsumer's own heartbeat thread, as in any Kafka client
 * </pre>
 * At most {@link #MAX_INSTANCES} instances at once (each holds a Kafka client, its buffers and a heartbeat thread).
 */
public final class ConsumerInstances implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsumerInstances.class);

    static final int MAX_INSTANCES = 1000;
    private static final long TICK_MS = 500;
    private static final long CLOSE_WAIT_MS = 10_000;

    private final Optional<String> bootstrap;
    private final Map<String, Object> clientProperties;
    private final Time time;
    private final long instanceTimeoutMs;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final Map<Key, ConsumerInstance> instances = new ConcurrentHashMap<>();

    public ConsumerInstances(Optional<String> bootstrap, Time time, long instanceTimeoutMs) {
        this(bootstrap, Map.of(), time, instanceTimeoutMs);
    }

    /** {@code clientProperties}: added to each instance's consumer (the broker's credentials on a secured listener). */
    public ConsumerInstances(Optional<String> bootstrap, Map<String, Object> clientProperties, Time time,
                             long instanceTimeoutMs) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.bootstrap = bootstrap;
        this.time = time;
        this.instanceTimeoutMs = instanceTimeoutMs;
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(threads, new DefaultThreadFactory("http-consumer", true));
        this.timer = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("http-consumer-timer",
            true));
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Creates the instance and its Kafka consumer; completes once it exists. 409 / 40902 if the group has one of
     * that name.
     */
    CompletableFuture<ConsumerInstance> create(String group, InstanceConfig config) {
        String kafka = requireKafka();
        Key key = new Key(group, config.name());
        if (instances.size() >= MAX_INSTANCES) {
            throw new RestException(429, 42902, "Too many consumer instances (" + MAX_INSTANCES + "): delete some, or"
                + " let idle ones expire");
        }
        ConsumerInstance instance = new ConsumerInstance(group, config, pool, time);
        if (instances.putIfAbsent(key, instance) != null) {
            throw new RestException(409, RestException.CONSUMER_ALREADY_EXISTS, "Consumer with specified consumer"
                + " ID already exists in the specified consumer group: " + config.name() + " in " + group);
        }
        return instance.open(kafka, clientProperties).handle((ignored, error) -> {
            if (error != null) {
                instances.remove(key, instance);
                throw error instanceof ConfigException
                    ? new RestException(422, RestException.INVALID_CONSUMER_CONFIG, "Invalid consumer"
                    + " configuration: " + error.getMessage())
                    : new CompletionException(error);
            }
            return instance;
        });
    }

    /** The instance, marked used now; 404 / 40403 if there is none (or it expired). */
    ConsumerInstance get(String group, String name) {
        requireKafka();
        ConsumerInstance instance = instances.get(new Key(group, name));
        if (instance == null) {
            throw RestException.consumerInstanceNotFound(group, name);
        }
        instance.touch();
        return instance;
    }

    /** Removes the instance (404 / 40403 if none); completes once it left its group. */
    CompletableFuture<Void> delete(String group, String name) {
        requireKafka();
        ConsumerInstance instance = instances.remove(new Key(group, name));
        if (instance == null) {
            throw RestException.consumerInstanceNotFound(group, name);
        }
        return instance.close();
    }

    /** Instances open now. */
    public int size() {
        return instances.size();
    }

    private String requireKafka() {
        return bootstrap.orElseThrow(() -> new RestException(500, RestException.KAFKA_ERROR, "Kafka error: REST v2"
            + " consumer instances are Kafka consumers, and this HTTP listener has no Kafka listener to connect to"));
    }

    private void tick() {
        try {
            long now = time.milliseconds();
            for (Map.Entry<Key, ConsumerInstance> entry : instances.entrySet()) {
                ConsumerInstance instance = entry.getValue();
                if (instance.idleFor(instanceTimeoutMs, now)) {
                    if (instances.remove(entry.getKey(), instance)) {
                        log.debug("REST consumer {} in group {} expired", instance.name(), instance.group());
                        instance.close();
                    }
                } else {
                    instance.keepAlive();
                }
            }
        } catch (RuntimeException e) {
            log.warn("REST consumer instances' timer failed", e);
        }
    }

    /** Closes every instance (each leaves its group), then the threads. */
    @Override
    public void close() {
        timer.shutdownNow();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Key key : List.copyOf(instances.keySet())) {
            ConsumerInstance instance = instances.remove(key);
            if (instance != null) {
                closing.add(instance.close());
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(CLOSE_WAIT_MS,
                TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("REST consumer instances did not all close within {} ms", CLOSE_WAIT_MS);
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private record Key(String group, String name) {
    }
}
