package io.freshet.broker.network;

import org.apache.kafka.common.protocol.ApiMessage;

/**
 * A request's place in its connection's response order. Filled once its handler finishes; written only when
 * every earlier request of the connection has been written. Owned by the connection's event loop.
 */
final class PendingResponse {

    final int correlationId;
    final short apiVersion;
    final short headerVersion;
    private boolean complete;
    private ApiMessage body;

    PendingResponse(int correlationId, short apiVersion, short headerVersion) {
        this.correlationId = correlationId;
        this.apiVersion = apiVersion;
        this.headerVersion = headerVersion;
    }

    /** @param body the response, or null when the request gets none (acks=0 produce) */
    void complete(ApiMessage body) {
        this.body = body;
        this.complete = true;
    }

    boolean isComplete() {
        return complete;
    }

    ApiMessage body() {
        return body;
    }
}
