package io.freshet.tools.produce;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Callback;

/**
 * The producer's answers so far: acknowledged records and bytes, failures and the first failure. Written by the
 * producer's I/O thread (callbacks), read by the command's thread for the progress line and the summary.
 */
final class DeliveryTally {

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong acknowledgedBytes = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();

    /** The callback for one record of {@code bytes} (key, value and headers). */
    Callback callback(long bytes) {
        return (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
                acknowledgedBytes.addAndGet(bytes);
            } else {
                failed(error);
            }
        };
    }

    /** A record that send() refused before the broker saw it. */
    void failed(Exception error) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, error);
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long acknowledgedBytes() {
        return acknowledgedBytes.get();
    }

    long failed() {
        return failed.get();
    }

    Exception firstError() {
        return firstError.get();
    }
}
