package io.freshet.broker.handler;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where exceptions become Kafka error codes. Storage and the topic controller throw kafka-clients'
 * {@link ApiException} subclasses, which map one to one through {@link Errors#forException}; anything else is a
 * bug or an I/O failure, logged here with what it concerned and answered as UNKNOWN_SERVER_ERROR.
 */
public final class ErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    /** @param subject what failed, for the log line: a partition, a topic, a resource */
    public static Errors toError(Throwable t, Object subject) {
        Throwable cause = unwrap(t);
        Errors error = Errors.forException(cause);
        if (error == Errors.UNKNOWN_SERVER_ERROR) {
            log.error("Unexpected error for {}", subject, cause);
        }
        return error;
    }

    /** The message to put in a response's errorMessage field: the ApiException's, else the error's default. */
    public static String message(Throwable t, Errors error) {
        Throwable cause = unwrap(t);
        return cause instanceof ApiException && cause.getMessage() != null ? cause.getMessage() : error.message();
    }

    public static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
            && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
