package io.freshet.broker.handler;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletableFuture;

/**
 * Answers one API key. Called on the connection's event loop with a request already decoded at a version
 * within {@link #versions()}.
 *
 * <p>The future completes with the response body, or with {@code null} when the API sends no response
 * (Produce with acks=0). Per-partition and per-topic failures are error codes in the response; a future that
 * fails makes the network layer answer with the request's generic error response, or close the connection on
 * {@link CloseConnectionException}.
 */
public interface ApiHandler<Q extends ApiMessage, R extends ApiMessage> {

    /** The API key and the versions advertised in ApiVersions. */
    ApiVersionRange versions();

    default ApiKeys apiKey() {
        return versions().apiKey();
    }

    CompletableFuture<R> handle(RequestContext context, Q request);
}
