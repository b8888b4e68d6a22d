package io.freshet.coordinator.runtime;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownServerException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place in the coordinators where exceptions become protocol errors.
 * <ul>
 *   <li>A failed write of the internal log (KafkaStorageException: disk full, an fsync failure, the store shut
 *       down; and the other storage errors a write can meet) is COORDINATOR_NOT_AVAILABLE: retriable, the client
 *       finds the coordinator again and retries, by which time the state has been reverted.</li>
 *   <li>The coordinator shut down: COORDINATOR_NOT_AVAILABLE as well.</li>
 *   <li>Any other {@link ApiException} (a protocol rule an operation enforces by throwing) is its own error.</li>
 *   <li>Anything else is a bug: UNKNOWN_SERVER_ERROR, logged once with what it concerned.</li>
 * </ul>
 * Storage errors are tested before the ApiException rule because KafkaStorageException is an ApiException whose
 * own code (KAFKA_STORAGE_ERROR) a group or transaction client would not retry against the coordinator.
 */
public final class CoordinatorErrors {

    private static final Logger log = LoggerFactory.getLogger(CoordinatorErrors.class);

    private CoordinatorErrors() {
    }

    /**
     * The error to put in a response for this failure; an unexpected one is logged here.
     *
     * @param subject what failed: an API and a group or transactional id
     */
    public static Errors of(Throwable failure, String subject) {
        Throwable cause = unwrap(failure);
        if (isStorageFailure(cause)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (cause instanceof ApiException && !(cause instanceof UnknownServerException)) {
            return Errors.forException(cause);
        }
        log.error("Unexpected error in {}", subject, cause);
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    /**
     * The exception a request's future fails with, so that the broker answers with the right code. An unexpected
     * failure is not logged here: it becomes an UnknownServerException naming the subject, which the broker logs
     * once with the request.
     */
    public static ApiException toApiException(Throwable failure, String subject) {
        Throwable cause = unwrap(failure);
        if (isStorageFailure(cause)) {
            return new CoordinatorNotAvailableException(subject + ": the coordinator's log could not be written ("
                + cause.getMessage() + ")");
        }
        if (cause instanceof ApiException api) {
            return api;
        }
        return new UnknownServerException(subject + ": " + cause, cause);
    }

    /** A write that storage refused or could not make durable; the state was (or will be) reverted. */
    public static boolean isStorageFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof KafkaStorageException || cause instanceof NotEnoughReplicasException
            || cause instanceof NotLeaderOrFollowerException || cause instanceof TimeoutException;
    }

    static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
            && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
