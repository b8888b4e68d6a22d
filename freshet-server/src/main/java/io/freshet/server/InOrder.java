package io.freshet.server;

/**
 * Closing the parts of a process in order (the listeners before what they use), each one even if one before it
 * failed, so that a failing listener never leaves the log or the broker open. Null parts (listeners turned off, or
 * not started yet) are skipped.
 */
final class InOrder {

    private InOrder() {
    }

    /**
     * Closes {@code parts} in the order given.
     *
     * @throws RuntimeException the first failure (a checked one wrapped in IllegalStateException), the later ones
     *                          suppressed into it
     */
    static void close(AutoCloseable... parts) {
        RuntimeException first = null;
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                RuntimeException failure = e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("closing " + part + " failed", e);
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** As {@link #close}, after {@code failure} (a start that failed): what fails now is suppressed into it. */
    static void closeAfter(Throwable failure, AutoCloseable... parts) {
        try {
            close(parts);
        } catch (RuntimeException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }
}
