package io.freshet.mqtt.protocol;

import io.freshet.mqtt.message.Outcome;
import static io.freshet.mqtt.message.ReasonCode.*;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.ThrottlingQuotaExceededException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where failures (a decoder error, an exception from the
 * log) become reason codes, and MQTT 5 codes become what MQTT 3.1.1 can say (it has CONNACK return codes 0x01-0x05,
 * SUBACK 0x80, and otherwise only closing the connection).
 */
final class ReasonCodes {

    /** What Netty's MqttDecoder says when a PUBLISH topic name has a wildcard (it refuses it while decoding). */
    private static final String WILDCARD_TOPIC_MESSAGE = "invalid publish topic name";

    private ReasonCodes() {
    }

    /**
     * The outcome of a request that failed with {@code failure} (usually an ApiException from the event log, as a
     * Kafka client would get it). Only codes valid in PUBACK, PUBREC and SUBACK are returned.
     */
    static Outcome forFailure(Throwable failure) {
        Throwable cause = unwrap(failure);
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof InvalidTopicException || cause instanceof UnknownTopicOrPartitionException) {
            return Outcome.failure(TOPIC_NAME_INVALID, message);
        }
        if (cause instanceof AuthorizationException) {
            return Outcome.failure(NOT_AUTHORIZED, message);
        }
        if (cause instanceof PolicyViolationException || cause instanceof ThrottlingQuotaExceededException) {
            return Outcome.failure(QUOTA_EXCEEDED, message);
        }
        if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
            // 0x95 Packet too large is not a PUBACK code: the packet was fine for MQTT, the topic refuses it.
            return Outcome.failure(IMPLEMENTATION_SPECIFIC_ERROR, "larger than the topic's max.message.bytes: "
                + message);
        }
        if (cause instanceof KafkaStorageException) {
            return Outcome.failure(UNSPECIFIED_ERROR, "not stored: " + message);
        }
        if (cause instanceof RetriableException) {
            return Outcome.failure(UNSPECIFIED_ERROR, "not stored, try again: " + message);
        }
        return Outcome.failure(UNSPECIFIED_ERROR, "not stored: " + message);
    }

    /**
     * The DISCONNECT (or CONNACK) code for a packet the decoder refused: too large (0x95), a wildcard in a PUBLISH
     * topic name (0x90: the packet parses, its topic name is not acceptable; HiveMQ and EMQX answer the same), a
     * protocol level the server does not speak (0x84), anything else malformed (0x81: bad UTF-8, QoS 3, U+0000,
     * bad flags, lengths that do not add up).
     */
    static int forDecoderFailure(Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            return PACKET_TOO_LARGE;
        }
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            return UNSUPPORTED_PROTOCOL_VERSION;
        }
        if (cause instanceof MqttIdentifierRejectedException) {
            return CLIENT_IDENTIFIER_NOT_VALID;
        }
        if (cause instanceof DecoderException && cause.getMessage() != null
            && cause.getMessage().startsWith(WILDCARD_TOPIC_MESSAGE)) {
            return TOPIC_NAME_INVALID;
        }
        return MALFORMED_PACKET;
    }

    /**
     * The MQTT 3.1.1 CONNACK return code for an MQTT 5 refusal, or null when 3.1.1 has none that fits (the
     * connection is then closed without CONNACK, as 3.1.1 asks for malformed packets and protocol violations).
     */
    static MqttConnectReturnCode connackFor311(int reasonCode) {
        return switch (reasonCode) {
            case UNSUPPORTED_PROTOCOL_VERSION -> MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION;
            case CLIENT_IDENTIFIER_NOT_VALID -> MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
            case NOT_AUTHORIZED -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case BAD_USER_NAME_OR_PASSWORD -> MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case UNSPECIFIED_ERROR, SERVER_UNAVAILABLE, SERVER_BUSY, SERVER_SHUTTING_DOWN, QUOTA_EXCEEDED,
                 CONNECTION_RATE_EXCEEDED -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
            default -> null;
        };
    }

    /** A SUBACK code: MQTT 5 has a reason per filter, MQTT 3.1.1 only the granted QoS or 0x80 Failure. */
    static int subackCode(Outcome outcome, int protocolVersion) {
        if (protocolVersion == 5 || outcome.isSuccess()) {
            return outcome.reasonCode();
        }
        return UNSPECIFIED_ERROR;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
            && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
