package io.freshet.broker.network;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/** A request frame after decoding: either a request to dispatch, or an ApiVersions at an unknown version. */
sealed interface ParsedRequest {

    int correlationId();

    /** A request at a version the broker supports, decoded by kafka-clients' generated classes. */
    record Decoded(RequestHeader header, AbstractRequest request) implements ParsedRequest {
        @Override
        public int correlationId() {
            return header.correlationId();
        }
    }

    /** ApiVersions at a version the broker does not support: answered at v0 with the supported ranges. */
    record UnsupportedApiVersions(int correlationId, short requestedVersion) implements ParsedRequest {
    }
}
