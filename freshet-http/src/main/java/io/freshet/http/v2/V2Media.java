package io.freshet.http.v2;

import io.freshet.http.error.RestException;
import io.freshet.http.routing.HttpExchange;
import io.netty.handler.codec.http.HttpHeaderNames;

import java.util.Locale;

/**
 * REST v2's media types: {@code application/vnd.kafka[.FORMAT].v2+json}. Answers are
 * {@code application/vnd.kafka.v2+json}, records read are the instance's embedded type.
 */
final class V2Media {

    static final String V2_JSON = "application/vnd.kafka.v2+json";
    private static final String PREFIX = "application/vnd.kafka.";
    private static final String SUFFIX = ".v2+json";
    /** Embedded formats Confluent knows that need a Schema Registry, which Freshet does not have. */
    private static final String[] SCHEMA_FORMATS = {"avro", "jsonschema", "protobuf"};

    private V2Media() {
    }

    /**
     * The embedded format of a produce request's Content-Type: {@code binary} or {@code json}; anything else is 415,
     * as in Confluent's proxy (which has no produce without an embedded format).
     */
    static EmbeddedFormat produceFormat(HttpExchange exchange) {
        String type = exchange.contentType();
        EmbeddedFormat format = embedded(type);
        if (format != null) {
            return format;
        }
        String expected = EmbeddedFormat.BINARY.mediaType() + " or " + EmbeddedFormat.JSON.mediaType();
        for (String schema : SCHEMA_FORMATS) {
            if (type.equals(PREFIX + schema + SUFFIX)) {
                expected += " (" + schema + " needs a Schema Registry, which Freshet does not have)";
            }
        }
        throw RestException.unsupportedMediaType(type, expected);
    }

    /**
     * A consumer call's body is JSON: absent, {@code application/json} or any {@code application/vnd.kafka*+json}
     * type; anything else (curl's default {@code application/x-www-form-urlencoded}, say) is 415.
     */
    static void requireJsonBody(HttpExchange exchange) {
        String type = exchange.contentType();
        if (type.isEmpty() || type.equals("application/json")
            || (type.startsWith("application/vnd.kafka") && type.endsWith("+json"))) {
            return;
        }
        throw RestException.unsupportedMediaType(type, V2_JSON);
    }

    /**
     * Checks a records read's Accept header against the instance's format. An Accept that names embedded formats
     * must name this one (else 406 / 40601, Confluent's CONSUMER_FORMAT_MISMATCH); one that names none (absent,
     * {@code * / *}, {@code application/vnd.kafka.v2+json}) gets the instance's format.
     */
    static void requireAcceptable(HttpExchange exchange, EmbeddedFormat format) {
        String accept = exchange.header(HttpHeaderNames.ACCEPT);
        if (accept == null) {
            return;
        }
        boolean namesEmbedded = false;
        for (String range : accept.split(",")) {
            int semicolon = range.indexOf(';');
            String type = (semicolon < 0 ? range : range.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
            if (type.equals(format.mediaType())) {
                return;
            }
            if (type.startsWith(PREFIX) && type.endsWith(SUFFIX) && !type.equals(V2_JSON)) {
                namesEmbedded = true;
            }
        }
        if (namesEmbedded) {
            throw new RestException(406, RestException.CONSUMER_FORMAT_MISMATCH, "The requested embedded data"
                + " format does not match the deserializer for this consumer instance (format " + format.id()
                + "; Accept: " + accept + ")");
        }
    }

    private static EmbeddedFormat embedded(String type) {
        for (EmbeddedFormat format : EmbeddedFormat.values()) {
            if (type.equals(format.mediaType())) {
                return format;
            }
        }
        return null;
    }
}
