package io.freshet.http.console;

import io.freshet.http.error.RestException;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The console's Kafka clients, over the Kafka listener as any client would reach it: one {@link Admin} and
 * {@value #LANES} browse lanes, each a thread with a {@link KafkaConsumer} of its own (no group: {@code assign} and
 * {@code seek}). Created at first use, closed with the listener.
 *
 * <p>Threads: the Admin answers on its own thread; the console answers from there. A consumer is touched only by
 * its lane's thread; a lane also runs whatever else may block (the MQTT listener's session snapshot, SHOW QUERIES),
 * never an HTTP event loop. A lane queues at most {@value #QUEUE} tasks; beyond, a request is answered 503.
 */
final class ConsoleClients implements AutoCloseable {

    static final int TIMEOUT_MS = 10_000;
    static final Duration TIMEOUT = Duration.ofMillis(TIMEOUT_MS);
    private static final int LANES = 2;
    private static final int QUEUE = 32;

    private final Optional<String> bootstrap;
    private final List<Lane> lanes = new ArrayList<>();
    private final AtomicInteger nextLane = new AtomicInteger();
    private CompletableFuture<Admin> admin;
    private boolean closed;

    /** Added to every client's configuration: the broker's own credentials on a secured listener. */
    private final Map<String, Object> clientProperties;

    ConsoleClients(Optional<String> bootstrap, Map<String, Object> clientProperties) {
        this.bootstrap = bootstrap;
        this.clientProperties = Map.copyOf(clientProperties);
        for (int i = 0; i < LANES; i++) {
            lanes.add(new Lane(i));
        }
    }

    /**
     * The Admin client. The first call creates it on a lane (creating a client resolves the bootstrap address and
     * starts a thread: not for an event loop); a failed creation is tried again by the next call.
     */
    synchronized CompletableFuture<Admin> admin() {
        if (closed) {
            return CompletableFuture.failedFuture(unavailable("the HTTP listener is closing"));
        }
        if (admin == null) {
            CompletableFuture<Admin> created = offLoop(this::createAdmin);
            admin = created;
            created.whenComplete((client, error) -> {
                if (error != null) {
                    forgetAdmin(created);
                }
            });
        }
        return admin;
    }

    private Admin createAdmin() {
        Admin client = Admin.create(withSecurity(Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
            AdminClientConfig.CLIENT_ID_CONFIG, "freshet-console",
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS)));
        synchronized (this) {
            if (!closed) {
                return client;
            }
        }
        client.close(Duration.ZERO); // closed while it was being created
        throw unavailable("the HTTP listener is closing");
    }

    private Map<String, Object> withSecurity(Map<String, Object> config) {
        Map<String, Object> all = new java.util.HashMap<>(clientProperties);
        all.putAll(config);
        return all;
    }

    private synchronized void forgetAdmin(CompletableFuture<Admin> failed) {
        if (admin == failed) {
            admin = null;
        }
    }

    /** Runs {@code task} with a lane's consumer, on that lane's thread. */
    <T> CompletableFuture<T> withConsumer(Function<KafkaConsumer<byte[], byte[]>, T> task) {
        Lane lane = lanes.get(Math.floorMod(nextLane.getAndIncrement(), LANES));
        return lane.submit(() -> task.apply(lane.consumer()));
    }

    /** Runs {@code task}, which may block, on a lane's thread. */
    <T> CompletableFuture<T> offLoop(Supplier<T> task) {
        return lanes.get(Math.floorMod(nextLane.getAndIncrement(), LANES)).submit(task);
    }

    private String bootstrap() {
        return bootstrap.orElseThrow(() -> unavailable("this server has no Kafka listener for it to reach"));
    }

    private static RestException unavailable(String why) {
        return new RestException(503, 503, "The console cannot reach the broker: " + why);
    }

    @Override
    public void close() {
        CompletableFuture<Admin> toClose;
        synchronized (this) {
            closed = true;
            toClose = admin;
            admin = null;
        }
        lanes.forEach(Lane::close); // a creation still running ends before this returns
        if (toClose != null && toClose.isDone() && !toClose.isCompletedExceptionally()) {
            toClose.join().close(Duration.ofSeconds(2));
        }
    }

    /** One thread and the consumer only it touches. */
    private final class Lane {
        private final int index;
        private final ThreadPoolExecutor thread;
        private KafkaConsumer<byte[], byte[]> consumer;

        Lane(int index) {
            this.index = index;
            this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                new DefaultThreadFactory("http-console-" + index, true));
        }

        <T> CompletableFuture<T> submit(Supplier<T> task) {
            try {
                return CompletableFuture.supplyAsync(task, thread);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.failedFuture(new RestException(503, 503,
                    "The console is busy: too many requests waiting; try again"));
            }
        }

        /** On the lane's thread only. */
        KafkaConsumer<byte[], byte[]> consumer() {
            if (consumer == null) {
                consumer = new KafkaConsumer<>(withSecurity(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                    ConsumerConfig.CLIENT_ID_CONFIG, "freshet-console-browse-" + index,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false, // browsing never creates a topic
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                    ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                    ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS)),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            }
            return consumer;
        }

        /**
         * Drops the tasks waiting (their connections are closed already: the listener closes them first),
         * interrupts the one running, then closes the consumer.
         */
        void close() {
            thread.shutdownNow();
            try {
                if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                    thread.shutdownNow();
                }
            } catch (InterruptedException e) {
                thread.shutdownNow();
                Thread.currentThread().interrupt();
            }
            if (consumer != null) { // the lane's thread has ended: this thread is the only one left
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
                consumer = null;
            }
        }
    }
}
