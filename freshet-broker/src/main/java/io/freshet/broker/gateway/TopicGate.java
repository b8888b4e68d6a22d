package io.freshet.broker.gateway;

import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metadata.TopicMetadata;
import io.freshet.broker.metadata.TopicNames;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs work that needs a topic (an append, picking a partition): at once, on the calling thread, when the topic
 * exists and nothing waits for it; otherwise behind the topic's auto-creation (as a Kafka producer's Metadata request
 * would create it), in arrival order, on the thread that finishes the creation.
 *
 * <p>Order: while work waits for a topic, every later call for that topic queues behind it, even once the topic
 * exists, until the queue has drained. So two appends one thread makes to a new topic land in the order it made
 * them, though the first waited for the topic controller and the second found the topic already published.
 *
 * <p>Threading: any thread. A topic's queue is guarded by its own monitor, never held while work runs; the queue is
 * removed under that monitor when it is empty, and a caller that finds a removed queue starts a new one.
 */
final class TopicGate {

    private final TopicController topics;
    private final ConcurrentHashMap<String, Waiting> waiting = new ConcurrentHashMap<>();

    TopicGate(TopicController topics) {
        this.topics = topics;
    }

    /**
     * Runs {@code work} on the topic {@code name}, creating it first if needed.
     *
     * @return {@code work}'s future; failed with {@link InvalidTopicException} for an illegal name, or with the
     *     controller's error when the topic cannot be created (auto-creation off: UnknownTopicOrPartition)
     */
    <T> CompletableFuture<T> withTopic(String name, Function<TopicMetadata, CompletableFuture<T>> work) {
        if (!waiting.containsKey(name)) {
            Optional<TopicMetadata> topic = topics.image().topic(name);
            if (topic.isPresent()) {
                return run(work, topic.get());
            }
        }
        if (!TopicNames.isValid(name)) {
            return CompletableFuture.failedFuture(new InvalidTopicException("Topic name '" + name + "' is illegal"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        enqueue(name, creationFailure -> {
            Optional<TopicMetadata> topic = topics.image().topic(name);
            CompletableFuture<T> done = topic.isPresent() ? run(work, topic.get())
                : CompletableFuture.failedFuture(creationFailure != null ? creationFailure
                    : new UnknownTopicOrPartitionException("Topic " + name + " does not exist"));
            done.whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(unwrap(error));
                } else {
                    result.complete(value);
                }
            });
        });
        return result;
    }

    private static <T> CompletableFuture<T> run(Function<TopicMetadata, CompletableFuture<T>> work,
                                                TopicMetadata topic) {
        try {
            return work.apply(topic);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void enqueue(String name, Consumer<Throwable> task) {
        while (true) {
            Waiting queue = waiting.computeIfAbsent(name, n -> new Waiting());
            boolean first;
            synchronized (queue) {
                if (queue.closed) {
                    continue; // drained and removed just now: start a new queue
                }
                queue.tasks.add(task);
                first = !queue.creationStarted;
                queue.creationStarted = true;
            }
            if (first) {
                topics.autoCreate(name).whenComplete((topic, error) -> drain(name, queue, error));
            }
            return;
        }
    }

    /** Runs the queued work in order, including work queued while draining, then removes the queue. */
    private void drain(String name, Waiting queue, Throwable creationFailure) {
        Throwable failure = creationFailure == null ? null : unwrap(creationFailure);
        while (true) {
            Consumer<Throwable> next;
            synchronized (queue) {
                next = queue.tasks.poll();
                if (next == null) {
                    queue.closed = true;
                    waiting.remove(name, queue);
                    return;
                }
            }
            next.accept(failure);
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** Work waiting for one topic's creation. Guarded by its own monitor. */
    private static final class Waiting {
        final ArrayDeque<Consumer<Throwable>> tasks = new ArrayDeque<>();
        boolean creationStarted;
        boolean closed;
    }
}
