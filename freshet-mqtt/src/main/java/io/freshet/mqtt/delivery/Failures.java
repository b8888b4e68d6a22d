package io.freshet.mqtt.delivery;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failure a future really carries, without the wrappers the future machinery adds. */
final class Failures {

    private Failures() {
    }

    static Throwable cause(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
            && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
