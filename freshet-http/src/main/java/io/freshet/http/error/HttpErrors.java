package io.freshet.http.error;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.freshet.http.json.Json;
import io.freshet.security.auth.PasswordCheckUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place an exception becomes an HTTP status and a Confluent-style error body
 * {@code {"error_code": N, "message": "..."}}; also the code a streamed record's delivery report carries. The codes
 * follow Confluent's REST Proxy (its users' scripts test them): Kafka errors caused by the request are 400 / 40002,
 * an unknown topic or partition 404 / 40403, retriable Kafka errors (a full disk) 500 / 50003, other Kafka errors
 * (and a Kafka client's own failures) 500 / 50002, malformed JSON 400 / 400; anything unexpected is 500 / 500 and
 * logged here, once per occurrence. A SQL statement's failure ({@link StatementException}) is 400 with ksqlDB's
 * {@code statement_error} body. Authentication refused is 401 / 40101 (with {@code WWW-Authenticate: Basic}),
 * an ACL refusal (Kafka's {@code *AuthorizationException}) 403 / 40301, as Confluent's REST Proxy answers; a password
 * that cannot be checked now (a gateway's cluster unreachable) 503 / 50300 with {@code Retry-After}.
 */
public final class HttpErrors {

    private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    /** What to answer for {@code error}. */
    public static ErrorBody toBody(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof RestException rest) {
            return new ErrorBody(rest.status(), rest.errorCode(), rest.getMessage());
        }
        if (cause instanceof StatementException statement) {
            // ksqlDB's error entity: its clients read @type and statementText besides the code and message.
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("@type", "statement_error");
            fields.put("statementText", statement.statementText());
            fields.put("entities", statement.entities());
            return new ErrorBody(400, statement.errorCode(), statement.getMessage(), fields);
        }
        if (cause instanceof PasswordCheckUnavailableException) {
            return new ErrorBody(503, RestException.SERVICE_UNAVAILABLE,
                "The password cannot be checked now: " + cause.getMessage() + "; try again later");
        }
        if (cause instanceof AuthenticationException) {
            return new ErrorBody(401, RestException.UNAUTHORIZED, cause.getMessage());
        }
        if (cause instanceof AuthorizationException) {
            return new ErrorBody(403, RestException.FORBIDDEN, cause.getMessage());
        }
        if (cause instanceof JsonProcessingException json) {
            return new ErrorBody(400, 400, "Invalid JSON: " + json.getOriginalMessage());
        }
        if (cause instanceof UnknownTopicOrPartitionException) {
            return new ErrorBody(404, RestException.CONSUMER_INSTANCE_NOT_FOUND, cause.getMessage());
        }
        if (cause instanceof InvalidTopicException || cause instanceof TopicExistsException
            || cause instanceof InvalidConfigurationException || cause instanceof InvalidPartitionsException
            || cause instanceof InvalidReplicationFactorException || cause instanceof InvalidRequestException
            || cause instanceof PolicyViolationException || cause instanceof RecordTooLargeException) {
            return new ErrorBody(400, RestException.KAFKA_BAD_REQUEST, cause.getMessage());
        }
        if (cause instanceof RetriableException) {
            return new ErrorBody(500, RestException.KAFKA_RETRIABLE_ERROR, cause.getMessage());
        }
        if (cause instanceof ApiException) {
            return new ErrorBody(500, RestException.KAFKA_ERROR, cause.getMessage());
        }
        if (cause instanceof KafkaException) {
            // A Kafka client's own failure (a REST v2 consumer's commit after a rebalance, a timeout): Confluent's
            // catch-all for Kafka errors.
            return new ErrorBody(500, RestException.KAFKA_ERROR, "Kafka error: " + cause.getMessage());
        }
        log.warn("Unexpected error while serving an HTTP request", cause);
        return new ErrorBody(500, 500, "Internal Server Error: " + cause);
    }

    /** The headers an error answer carries: a 401 names the scheme to authenticate with, a 503 when to retry. */
    public static Map<String, String> headers(ErrorBody answer) {
        return switch (answer.status()) {
            case 401 -> Map.of("WWW-Authenticate", "Basic realm=\"freshet\"");
            case 503 -> Map.of("Retry-After", "1");
            default -> Map.of();
        };
    }

    /** The exception a {@link CompletionException} or {@link ExecutionException} wraps, else {@code error}. */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
            && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * An HTTP status and the JSON error body to send with it. {@code fields} are more members of the body (ksqlDB's
     * {@code @type}, written first, {@code statementText}, ...); empty for Confluent's REST bodies.
     */
    public record ErrorBody(int status, int errorCode, String message, Map<String, Object> fields) {

        public ErrorBody(int status, int errorCode, String message) {
            this(status, errorCode, message, Map.of());
        }

        /** {@code {"error_code": N, "message": "..."}}, with {@code fields} around them. */
        public byte[] json() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (fields.containsKey("@type")) {
                body.put("@type", fields.get("@type"));
            }
            body.put("error_code", errorCode);
            body.put("message", String.valueOf(message));
            fields.forEach(body::putIfAbsent);
            return Json.bytes(body);
        }
    }
}
