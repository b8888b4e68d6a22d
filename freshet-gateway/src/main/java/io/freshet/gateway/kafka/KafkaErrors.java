package io.freshet.gateway.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place a client call's failure becomes what {@link io.freshet.gateway.EventLog} promises: the
 * kafka-clients {@code ApiException} a Kafka client got, unwrapped from the futures around it, and the consumer's
 * own {@code OffsetOutOfRangeException} (not an {@code ApiException}) as the protocol's one, as the embedded log
 * fails a read below the log start.
 */
final class KafkaErrors {

    private KafkaErrors() {
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof org.apache.kafka.clients.consumer.OffsetOutOfRangeException consumer) {
            return new OffsetOutOfRangeException(consumer.getMessage());
        }
        return e;
    }

    /** {@link #unwrap}, as an unchecked exception to throw on a log thread (the future carries it to the caller). */
    static RuntimeException unchecked(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new KafkaException(e.getMessage(), e);
    }
}
