package io.freshet.broker.network;

import io.freshet.broker.handler.ApiRouter;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;

/**
 * Decodes one request frame with kafka-clients' own header and message classes. Stateless.
 *
 * <p>Throws {@link InvalidRequestException} for anything the connection cannot survive: a frame too short for
 * a header, an unknown API key, a known key at a version the broker does not serve (except ApiVersions, which
 * clients probe with), or a body that does not decode. The caller closes the connection, as Kafka does.
 */
final class RequestParser {

    /** apiKey int16, apiVersion int16, correlationId int32: the part of every header version we peek at. */
    private static final int HEADER_PREFIX = 8;

    private final ApiRouter router;

    RequestParser(ApiRouter router) {
        this.router = router;
    }

    ParsedRequest parse(ByteBuffer frame) {
        if (frame.remaining() < HEADER_PREFIX) {
            throw new InvalidRequestException("Frame of " + frame.remaining() + " bytes is too short for a header");
        }
        int start = frame.position();
        short key = frame.getShort(start);
        short version = frame.getShort(start + 2);
        int correlationId = frame.getInt(start + 4);
        if (!ApiKeys.hasId(key)) {
            throw new InvalidRequestException("Unknown API key " + key);
        }
        ApiKeys apiKey = ApiKeys.forId(key);
        if (!router.isSupported(apiKey, version)) {
            if (apiKey == ApiKeys.API_VERSIONS) {
                return new ParsedRequest.UnsupportedApiVersions(correlationId, version);
            }
            throw new InvalidRequestException("Unsupported API " + apiKey + " v" + version);
        }
        if (version < apiKey.oldestVersion()) {
            // Advertised for librdkafka's sake (Produce min 0, KAFKA-18659) but not decodable by kafka-clients 4.x.
            throw new InvalidRequestException(apiKey + " v" + version + " is advertised but not served");
        }
        try {
            RequestHeader header = RequestHeader.parse(frame);
            AbstractRequest request = AbstractRequest.parseRequest(apiKey, version, new ByteBufferAccessor(frame))
                .request;
            return new ParsedRequest.Decoded(header, request);
        } catch (InvalidRequestException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Malformed " + apiKey + " v" + version + " request: " + e, e);
        }
    }
}
