package io.freshet.parallel;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decides what happens to a record whose handler still threw after its last attempt. Called on the worker thread
 * that ran it, while the record's key waits (later records of that key are not handed out before it returns), so it
 * may log, count or write the record to a dead-letter topic before answering.
 */
@FunctionalInterface
public interface FailureHandler<K, V> {

    /** What to do with a record that failed every attempt. */
    enum Decision {
        /** Count the record as done and go on with its key: its offset will be committed. */
        SKIP,
        /**
         * Stop the consumer: nothing more is handed out, the records in flight finish, offsets are committed up to
         * (not including) the failed record, and the consumer leaves the group. {@link OrderedParallelConsumer#failure()}
         * then returns the exception. A restarted consumer begins at the failed record.
         */
        STOP
    }

    Decision onFailure(ConsumerRecord<K, V> record, Exception lastError);

    /** The default: stop, so that no record is skipped silently. */
    static <K, V> FailureHandler<K, V> stop() {
        return (record, error) -> Decision.STOP;
    }

    /** Skip the record after its last attempt (what a handler that logs its own errors wants). */
    static <K, V> FailureHandler<K, V> skip() {
        return (record, error) -> Decision.SKIP;
    }
}
