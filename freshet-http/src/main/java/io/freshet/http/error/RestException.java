package io.freshet.http.error;

/**
 * A failure the REST layer decided itself, with the HTTP status and the Confluent REST Proxy error code its users
 * script against. {@link HttpErrors} turns it (and every other exception) into the response.
 */
public final class RestException extends RuntimeException {

    /** Confluent's code for refused credentials (401). */
    public static final int UNAUTHORIZED = 40101;
    /** Confluent's code for an operation the ACLs do not allow (403). */
    public static final int FORBIDDEN = 40301;
    /** v2 "Topic not found." (Confluent's TOPIC_NOT_FOUND_ERROR_CODE). */
    public static final int TOPIC_NOT_FOUND = 40401;
    /** "Partition not found." */
    public static final int PARTITION_NOT_FOUND = 40402;
    /** A v2 consumer instance that does not exist (or expired); also Kafka's UNKNOWN_TOPIC_OR_PARTITION in v3. */
    public static final int CONSUMER_INSTANCE_NOT_FOUND = 40403;
    /** A Kafka error caused by the request (invalid topic name, bad config, topic exists, record too large). */
    public static final int KAFKA_BAD_REQUEST = 40002;
    /** A request body that holds no usable payload (Confluent's INVALID_PAYLOAD_ERROR_CODE, with status 422). */
    public static final int INVALID_PAYLOAD = 42206;
    /** A consumer instance of that name exists already in the group. */
    public static final int CONSUMER_ALREADY_EXISTS = 40902;
    /** A consumer call its Kafka consumer refuses in its state (seek before assignment, read before subscribe). */
    public static final int ILLEGAL_STATE = 40903;
    /** A records read whose Accept names another embedded format than the consumer instance's. */
    public static final int CONSUMER_FORMAT_MISMATCH = 40601;
    /** A record that cannot be produced as sent (base64 that does not decode, a key or value of the wrong type). */
    public static final int INVALID_RECORD = 42201;
    /** A consumer instance's settings that the Kafka consumer refuses. */
    public static final int INVALID_CONSUMER_CONFIG = 42204;
    /** A Kafka error worth retrying (a full disk, a timeout). */
    public static final int KAFKA_RETRIABLE_ERROR = 50003;
    /** Any other Kafka error. */
    public static final int KAFKA_ERROR = 50002;
    /** Cannot serve now, try again (503): too many SQL requests at once, a password that cannot be checked now. */
    public static final int SERVICE_UNAVAILABLE = 50300;

    private final int status;
    private final int errorCode;

    public RestException(int status, int errorCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public static RestException badRequest(String message) {
        return new RestException(400, 400, message);
    }

    public static RestException notFound(String message) {
        return new RestException(404, 404, message);
    }

    public static RestException clusterNotFound(String clusterId) {
        return new RestException(404, 404, "Cluster " + clusterId + " cannot be found.");
    }

    public static RestException topicNotFound(String topic) {
        return new RestException(404, TOPIC_NOT_FOUND, "Topic not found: " + topic);
    }

    public static RestException partitionNotFound(String topic, int partition) {
        return new RestException(404, PARTITION_NOT_FOUND, "Partition not found: " + topic + "-" + partition);
    }

    /** 422: the body parses but says nothing usable (an empty produce body). */
    public static RestException invalidPayload(String cause) {
        return new RestException(422, INVALID_PAYLOAD, "Payload error. " + cause);
    }

    public static RestException unsupportedMediaType(String contentType, String expected) {
        return new RestException(415, 415, "HTTP 415 Unsupported Media Type: '" + contentType + "', expected "
            + expected);
    }

    public static RestException invalidRecord(String message) {
        return new RestException(422, INVALID_RECORD, message);
    }

    public static RestException consumerInstanceNotFound(String group, String instance) {
        return new RestException(404, CONSUMER_INSTANCE_NOT_FOUND, "Consumer instance not found: " + instance
            + " in group " + group);
    }

    public static RestException illegalState(String message) {
        return new RestException(409, ILLEGAL_STATE, "Illegal state: " + message);
    }

    public static RestException notAcceptable(String accept) {
        return new RestException(406, 406, "HTTP 406 Not Acceptable: '" + accept + "'");
    }

    public static RestException tooLarge(long limit) {
        return new RestException(413, 413, "Request body larger than http.max.request.bytes (" + limit + " bytes)");
    }

    public static RestException forbidden(String message) {
        return new RestException(403, 403, message);
    }

    public static RestException methodNotAllowed(String method) {
        return new RestException(405, 405, "HTTP 405 Method Not Allowed: " + method);
    }
}
